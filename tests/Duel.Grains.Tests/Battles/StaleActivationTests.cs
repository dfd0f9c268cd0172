using Duel.Grains.Battles;
using Duel.Grains.Runtime;
using Duel.Grains.Tests.Players;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Duel.Grains.Tests.Battles;

/// <summary>
/// Orleans can run a second activation of a grain while silos join. One that read "no row" before the other stored
/// its battle must not go on answering "not found" from that empty state (docs/performance.md, "What is left").
/// </summary>
public sealed class StaleActivationTests(BattleFixture fixture) : IClassFixture<BattleFixture>
{
    [Fact]
    public async Task A_battle_that_read_no_row_reads_it_again_once_another_activation_stored_it()
    {
        var cluster = fixture.Cluster;
        var (running, a, b) = await Duelists.BattleAsync(cluster);
        var stale = cluster.Grains(1).GetGrain<IBattleGrain>(Duelists.NewId("b"));
        Assert.False((await stale.GetPanelView()).Exists);

        // What the other activation would have stored: a running battle's row, written behind this activation's back.
        var storage = cluster.Services(0).GetRequiredKeyedService<IGrainStorage>(GrainStorage.Name);
        var row = new GrainState<BattleState>();
        await storage.ReadStateAsync("battle", cluster.Grains(0).GetGrain<IBattleGrain>(running).GetGrainId(), row);
        Assert.True(row.RecordExists);
        await storage.WriteStateAsync("battle", stale.GetGrainId(), new GrainState<BattleState>(row.State));

        var view = await stale.GetPanelView();
        Assert.True(view.Exists);
        Assert.Equal(BattlePhase.Active, view.Phase);
        Assert.Equal(new[] { a, b }.Order(), view.Players.Select(p => p.Id).Order());
    }
}
