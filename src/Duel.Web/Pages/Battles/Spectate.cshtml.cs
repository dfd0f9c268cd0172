using Duel.Web.Accounts;
using Duel.Web.Battles;
using Duel.Web.Mirroring;
using Duel.Web.Practice;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Duel.Web.Pages.Battles;

/// <summary>Anyone signed in may watch any battle, read-only; a player is sent to their own page.</summary>
public sealed class SpectateModel(BattleScreens screens, CodeSnapshotStore snapshots, Practices practices) : PageModel
{
    public ArenaModel? Arena { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        // Loaded as an anonymous viewer so the page never offers a player's controls.
        var screen = await screens.LoadAsync(id, viewerId: null, ct);
        if (screen is null) return NotFound();
        if (screen.View.Players.Any(p => p.Id == User.PlayerId())) return Redirect($"/battles/{id}");
        Arena = new ArenaModel(screen, await snapshots.LatestAsync(id, ct), await practices.PlaybackAsync(screen.View, ct));
        return Page();
    }
}
