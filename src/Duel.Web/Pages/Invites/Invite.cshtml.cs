using Duel.Grains.Catalogue;
using Duel.Grains.Invites;
using Duel.Grains.Runtime;
using Duel.Web.Accounts;
using Duel.Web.Infrastructure;
using Duel.Web.Invites;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Duel.Web.Pages.Invites;

/// <summary>
/// <c>/duel</c> creates an invite (from the lobby form); <c>/duel/{code}</c> is the link: its creator sees
/// it waiting (and may cancel), a friend accepts it, and a used, expired or cancelled link says so.
/// </summary>
public sealed class InviteModel(IGrainFactory grains, ChallengeCatalogue catalogue) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    public InviteView? Invite { get; private set; }

    public string? Message { get; private set; }

    public string? ViewerId => User.PlayerId();

    public string ChallengeTitle => Invite?.Challenge is { } slug ? catalogue.Find(slug)?.Title ?? slug : "a random challenge";

    public async Task<IActionResult> OnGetAsync()
    {
        if (!InviteCodes.IsWellFormed(Code)) return NotFound();
        Invite = await grains.Invite(Code!).Get();
        if (!Invite.Exists) return NotFound();
        if (Invite.BattleId is { } battle && ViewerId is not null && ViewerId == Invite.CreatorId)
        {
            // The friend accepted while the creator was away: the battle is where they belong.
            return Redirect($"/battles/{battle}");
        }
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(string? challenge, bool rated)
    {
        if (User.PlayerId() is not { } me) return HttpContext.NavigateTo("/account/login?ReturnUrl=/");
        var code = InviteCodes.NewCode();
        var result = await grains.Invite(code).Create(me, challenge, rated);
        if (!result.Succeeded)
        {
            Response.StatusCode = InviteCodes.StatusOf(result.Status);
            return Content(result.Message);
        }
        return HttpContext.NavigateTo($"/duel/{code}");
    }

    public async Task<IActionResult> OnPostAcceptAsync() => await CommandAsync(me => grains.Invite(Code!).Accept(me));

    public async Task<IActionResult> OnPostCancelAsync() => await CommandAsync(me => grains.Invite(Code!).Cancel(me));

    /// <summary>Success goes to the battle (accept) or re-renders the status; a refusal is shown in the status partial.</summary>
    private async Task<IActionResult> CommandAsync(Func<string, Task<InviteResult>> command)
    {
        if (!InviteCodes.IsWellFormed(Code)) return NotFound();
        if (User.PlayerId() is not { } me) return HttpContext.NavigateTo($"/account/login?ReturnUrl=/duel/{Code}");
        var result = await command(me);
        if (result.Succeeded && result.BattleId is { } battle) return HttpContext.NavigateTo($"/battles/{battle}");
        Invite = await grains.Invite(Code!).Get();
        Message = result.Message;
        if (!result.Succeeded) Response.StatusCode = InviteCodes.StatusOf(result.Status);
        return Partial("Partials/_InviteStatus", this);
    }
}
