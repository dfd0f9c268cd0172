using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Duel.Web.Accounts;

/// <summary>The cookie's claims. Identity on every request and hub call comes from here, never from a payload.</summary>
public static class PlayerPrincipal
{
    public const string GuestClaim = "duel:guest";

    public static ClaimsPrincipal Create(Account account)
    {
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, account.PlayerId),
            new Claim(ClaimTypes.Name, account.Name),
            new Claim(GuestClaim, account.IsGuest ? "true" : "false"),
        ], CookieAuthenticationDefaults.AuthenticationScheme);
        return new ClaimsPrincipal(identity);
    }

    public static string? PlayerId(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    public static string RequiredPlayerId(this ClaimsPrincipal user) =>
        user.PlayerId() ?? throw new InvalidOperationException("An authenticated player was required.");

    public static string? PlayerName(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.Name) : null;

    public static bool IsGuest(this ClaimsPrincipal user) => user.FindFirstValue(GuestClaim) == "true";
}
