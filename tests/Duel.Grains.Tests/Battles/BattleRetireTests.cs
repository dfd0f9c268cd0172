using Duel.Grains.Battles;
using Duel.Grains.Tests.Players;
using Duel.Testing;

namespace Duel.Grains.Tests.Battles;

/// <summary>
/// A finished battle leaves memory <see cref="BattleOptions.RetireAfter"/> after its results are delivered
/// (Orleans alone would keep it for 15 idle minutes), and a later read brings it back from storage.
/// </summary>
public sealed class BattleRetireTests(TimedBattleFixture fixture) : IClassFixture<TimedBattleFixture>
{
    [Fact]
    public async Task A_finished_battle_leaves_memory_and_comes_back_from_storage()
    {
        var cluster = fixture.Cluster;
        var (battle, a, b) = await Duelists.BattleAsync(cluster);
        var grain = cluster.Grains(0).GetGrain<IBattleGrain>(battle);
        Assert.Equal(BattleCommandStatus.Ok, (await grain.Forfeit(a)).Status);
        Assert.True(await ActiveAsync(cluster, battle));

        var active = await Duelists.EventuallyAsync(() => ActiveAsync(cluster, battle), stillThere => !stillThere);

        Assert.False(active);
        var view = await cluster.Grains(1).GetGrain<IBattleGrain>(battle).GetView();
        Assert.Equal((BattlePhase.Finished, BattleOutcome.Forfeited, b), (view.Phase, view.Result!.Outcome, view.Result.WinnerId));
        Assert.True(await ActiveAsync(cluster, battle));
        Assert.Equal(1, (await Duelists.ProfileAsync(cluster, b)).Wins);
    }

    private static async Task<bool> ActiveAsync(TestCluster cluster, string battle) =>
        (await cluster.Grains(0).GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics())
            .Any(s => s.GrainId.Type.ToString() == "battle" && s.GrainId.Key.ToString() == battle);
}
