using Duel.Web.Accounts;
using Duel.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace Duel.Web.Pages.Account;

public sealed class SettingsModel(AccountService accounts, RateLimits limits) : AccountPageModel(limits)
{
    [BindProperty]
    public string? Password { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Limit() is { IsAllowed: false } limited) return Refuse(limited.Message("attempts"), StatusCodes.Status429TooManyRequests);
        var result = await accounts.SetGuestPasswordAsync(User.RequiredPlayerId(), Password, ct);
        if (!result.Succeeded) return Refuse(result.Error!);
        ReturnUrl = $"/players/{result.Account!.Name}";
        return await SignInAsync(result.Account); // a fresh cookie without the guest flag
    }
}
