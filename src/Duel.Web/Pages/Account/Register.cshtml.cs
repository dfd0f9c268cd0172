using Duel.Web.Accounts;
using Duel.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace Duel.Web.Pages.Account;

public sealed class RegisterModel(AccountService accounts, RateLimits limits) : AccountPageModel(limits)
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
        if (Limit() is { IsAllowed: false } limited) return Refuse(limited.Message("registrations"), StatusCodes.Status429TooManyRequests);
        var result = await accounts.RegisterAsync(Name, Password, ct);
        return result.Succeeded ? await SignInAsync(result.Account!) : Refuse(result.Error!);
    }
}
