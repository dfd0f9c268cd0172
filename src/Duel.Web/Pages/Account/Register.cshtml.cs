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

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        SignInWithAsync("registrations", () => accounts.RegisterAsync(Name, Password, ct));
}
