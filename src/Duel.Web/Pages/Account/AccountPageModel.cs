using Duel.Web.Accounts;
using Duel.Web.Infrastructure;
using Duel.Web.Security;
using Htmx;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Duel.Web.Pages.Account;

/// <summary>Shared by the sign-in pages: the per-address limit, the error partial and the cookie.</summary>
public abstract class AccountPageModel(RateLimits limits) : PageModel
{
    public string? Error { get; protected set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    protected RateLimitDecision Limit() => limits.Auth(ClientAddress.Of(HttpContext));

    protected IActionResult Refuse(string message, int status = StatusCodes.Status422UnprocessableEntity)
    {
        Error = message;
        Response.StatusCode = status;
        return Request.IsHtmx() ? Partial("Partials/_AccountError", message) : Page();
    }

    /// <summary>Runs an account action under the per-address limit, then signs in with its account or shows its error.</summary>
    protected async Task<IActionResult> SignInWithAsync(string limitedWhat, Func<Task<AccountResult>> attempt)
    {
        if (Limit() is { IsAllowed: false } limited) return Refuse(limited.Message(limitedWhat), StatusCodes.Status429TooManyRequests);
        var result = await attempt();
        return result.Succeeded ? await SignInAsync(result.Account!) : Refuse(result.Error!);
    }

    protected async Task<IActionResult> SignInAsync(Accounts.Account account)
    {
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, PlayerPrincipal.Create(account),
            new AuthenticationProperties { IsPersistent = true });
        var target = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";
        return HttpContext.NavigateTo(target);
    }
}
