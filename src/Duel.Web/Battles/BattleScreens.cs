using Duel.Grains.Battles;
using Duel.Grains.Catalogue;
using Duel.Grains.Runtime;
using Duel.Web.Pages.Battles;

namespace Duel.Web.Battles;

/// <summary>Loads a battle as a viewer sees it: the grain's view, the challenge and the event position.</summary>
public sealed class BattleScreens(IGrainFactory grains, ChallengeCatalogue catalogue, IStreamPositions positions)
{
    public static string Stream(string battleId) => $"battle/{battleId}";

    /// <summary>Null when the battle does not exist.</summary>
    public async Task<BattleScreen?> LoadAsync(string battleId, string? viewerId, CancellationToken ct)
    {
        if (!BattleIds.IsWellFormed(battleId)) return null;
        // The position is read first: an event after it makes the client refresh, never skip.
        var seq = await positions.CurrentAsync(Stream(battleId), ct);
        var view = await grains.GetGrain<IBattleGrain>(battleId).GetView();
        return view.Exists ? Screen(view, viewerId, seq) : null;
    }

    public BattleScreen Screen(BattleView view, string? viewerId, long seq) =>
        new(view, catalogue.Find(view.Challenge), viewerId, seq);
}
