using Duel.Grains.Battles;
using Duel.Grains.Tests.Players;
using Duel.Testing;

namespace Duel.Grains.Tests.Matchmaking;

/// <summary>
/// Players with ratings other than 1500, made the only way ratings change: by playing. One forfeit
/// between two new players gives about 1662 and 1338, a gap of about 324.
/// </summary>
internal static class RatedPlayers
{
    public static async Task<(string High, string Low)> SplitAsync(TestCluster cluster)
    {
        var (battle, a, b) = await Duelists.BattleAsync(cluster);
        var forfeit = await cluster.Grains(0).GetGrain<IBattleGrain>(battle).Forfeit(b);
        Assert.Equal(BattleCommandStatus.Ok, forfeit.Status);
        var high = await Duelists.ProfileAsync(cluster, a);
        var low = await Duelists.ProfileAsync(cluster, b);
        Assert.InRange(high.Rating - low.Rating, 300, 350);
        return (a, b);
    }
}
