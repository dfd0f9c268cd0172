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

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        SignInWithAsync("sign-in attempts", () => accounts.LoginAsync(Name, Password, ct));

    public Task<IActionResult> OnPostGuestAsync(CancellationToken ct) =>
        SignInWithAsync("new accounts", () => accounts.CreateGuestAsync(ct));
}
