using Duel.Web.Accounts;
using Duel.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace Duel.Web.Pages.Account;

public sealed class LoginModel(AccountService accounts, RateLimits limits) : AccountPageModel(limits)
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Limit() is { IsAllowed: false } limited) return Refuse(limited.Message("sign-in attempts"), StatusCodes.Status429TooManyRequests);
        var result = await accounts.LoginAsync(Name, Password, ct);
        return result.Succeeded ? await SignInAsync(result.Account!) : Refuse(result.Error!);
    }

    public async Task<IActionResult> OnPostGuestAsync(CancellationToken ct)
    {
        if (Limit() is { IsAllowed: false } limited) return Refuse(limited.Message("new accounts"), StatusCodes.Status429TooManyRequests);
        var result = await accounts.CreateGuestAsync(ct);
        return result.Succeeded ? await SignInAsync(result.Account!) : Refuse(result.Error!);
    }
}
