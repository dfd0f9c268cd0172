using Duel.Grains.Catalogue;
using Duel.Grains.Matchmaking;
using Duel.Grains.Runtime;
using Duel.Web.Accounts;
using Duel.Web.Infrastructure;
using Duel.Web.Lobby;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Duel.Web.Pages.Lobby;

/// <summary>Waiting for an opponent. The hub's "matchFound" moves the player; the poll is the fallback.</summary>
[Authorize]
public sealed class QueueModel(IGrainFactory grains, ChallengeCatalogue catalogue) : PageModel
{
    public QueueStatus? Status { get; private set; }

    public string QueueTitle => Status?.Queue == ChallengePicker.AnyQueue
        ? "Any challenge"
        : catalogue.Find(Status?.Queue ?? "")?.Title ?? Status?.Queue ?? "";

    public async Task<IActionResult> OnGetAsync(string queue)
    {
        if (!catalogue.IsKnown(queue)) return NotFound();
        if (await BattleOf() is { } battle) return Redirect($"/battles/{battle}");
        Status = await grains.Matchmaker(queue).Status(User.RequiredPlayerId());
        return Page();
    }

    public async Task<IActionResult> OnGetStatusAsync(string queue)
    {
        if (!catalogue.IsKnown(queue)) return NotFound();
        if (await BattleOf() is { } battle) return HttpContext.NavigateTo($"/battles/{battle}");
        return Partial("Partials/_QueueStatus", await grains.Matchmaker(queue).Status(User.RequiredPlayerId()));
    }

    public async Task<IActionResult> OnPostCancelAsync(string queue)
    {
        if (!catalogue.IsKnown(queue)) return NotFound();
        var result = await grains.Matchmaker(queue).Leave(User.RequiredPlayerId());
        // Matched a moment ago: the battle wins over the cancel.
        if (result.Status == LeaveStatus.NotQueued && await BattleOf() is { } battle)
            return HttpContext.NavigateTo($"/battles/{battle}");
        return HttpContext.NavigateTo("/");
    }

    private async Task<string?> BattleOf()
    {
        var profile = await grains.Player(User.RequiredPlayerId()).GetProfile();
        return profile.Activity.BattleId;
    }
}
