using Duel.Web.Replays;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Duel.Web.Pages.Replays;

/// <summary>
/// A finished battle played back: both editors, the result and a timeline. Anyone signed in may watch
/// (players and spectators alike). An unknown battle (404) or one still running (409) gets a page saying so.
/// </summary>
public sealed class ReplayModel(BattleReplays replays) : PageModel
{
    public ReplayLookup Lookup { get; private set; } = ReplayLookup.NotFound;

    public string BattleId { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        BattleId = id;
        Lookup = await replays.LoadAsync(id, ct);
        // The page carries the status itself; a rendered body keeps the error pages from replacing it.
        Response.StatusCode = Lookup.StatusCode;
        return Page();
    }

    /// <summary>Minutes and seconds, as the battle clock shows them ("1:05").</summary>
    public static string Clock(long ms) => $"{ms / 60_000}:{ms / 1000 % 60:00}";

    /// <summary>Where along the timeline a moment sits, as a CSS percentage.</summary>
    public static string Percent(long ms, long durationMs) =>
        (durationMs <= 0 ? 0 : 100.0 * ms / durationMs).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + "%";
}
