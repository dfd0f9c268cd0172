using Duel.Grains.Battles;
using Duel.Grains.Catalogue;
using Duel.Grains.Runtime;
using Duel.Web.Pages.Battles;

namespace Duel.Web.Battles;

/// <summary>
/// Loads a battle as a viewer sees it: the grain's panel view (with its event position; only the latest
/// results carry their tests, the ones a screen shows) and the challenge.
/// </summary>
public sealed class BattleScreens(IGrainFactory grains, ChallengeCatalogue catalogue)
{
    public static string Stream(string battleId) => $"battle/{battleId}";

    /// <summary>Null when the battle does not exist.</summary>
    public async Task<BattleScreen?> LoadAsync(string battleId, string? viewerId, CancellationToken ct)
    {
        if (!BattleIds.IsWellFormed(battleId)) return null;
        // The view carries the Seq of the last event it includes: a later event makes the client refresh, never skip.
        var view = await grains.Battle(battleId).GetPanelView();
        return view.Exists ? Screen(view, viewerId, view.Seq) : null;
    }

    public BattleScreen Screen(BattleView view, string? viewerId, long seq) =>
        new(view, catalogue.Find(view.Challenge), viewerId, seq);
}
