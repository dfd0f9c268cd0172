using Duel.Web.Accounts;
using Duel.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Duel.Web.Api;

/// <summary><c>/api/session</c>: register, log in or play as a guest; each answers with the auth cookie.</summary>
public static class SessionEndpoints
{
    public sealed record Credentials(string? Name, string? Password);

    public sealed record Me(string PlayerId, string Name, bool Guest);

    public static RouteGroupBuilder MapSessionEndpoints(this RouteGroupBuilder api)
    {
        var session = api.MapGroup("/session");
        session.MapGet("/", (HttpContext http) => http.User.PlayerId() is { } id
            ? Results.Ok(new Me(id, http.User.PlayerName()!, http.User.IsGuest()))
            : Results.Unauthorized());
        session.MapPost("/register", (Credentials body, AccountService accounts, RateLimits limits, HttpContext http, CancellationToken ct) =>
            SignInAsync(http, limits, () => accounts.RegisterAsync(body.Name, body.Password, ct)));
        session.MapPost("/login", (Credentials body, AccountService accounts, RateLimits limits, HttpContext http, CancellationToken ct) =>
            SignInAsync(http, limits, () => accounts.LoginAsync(body.Name, body.Password, ct)));
        session.MapPost("/guest", (AccountService accounts, RateLimits limits, HttpContext http, CancellationToken ct) =>
            SignInAsync(http, limits, () => accounts.CreateGuestAsync(ct)));
        session.MapPost("/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.NoContent();
        });
        return api;
    }

    private static async Task<IResult> SignInAsync(HttpContext http, RateLimits limits, Func<Task<AccountResult>> action)
    {
        if (limits.Auth(ClientAddress.Of(http)) is { IsAllowed: false } limited)
            return ApiResults.Error(StatusCodes.Status429TooManyRequests, limited.Message("sign-in attempts"));
        var result = await action();
        if (!result.Succeeded) return ApiResults.Error(StatusCodes.Status422UnprocessableEntity, result.Error!);
        var account = result.Account!;
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, PlayerPrincipal.Create(account),
            new AuthenticationProperties { IsPersistent = true });
        return Results.Ok(new Me(account.PlayerId, account.Name, account.IsGuest));
    }
}
