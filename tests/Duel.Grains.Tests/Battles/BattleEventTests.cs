using System.Collections.Concurrent;
using Duel.Grains.Battles;
using Duel.Grains.Runtime;
using Duel.Grains.Tests.Players;

namespace Duel.Grains.Tests.Battles;

public sealed class BattleEventTests(BattleFixture fixture) : IClassFixture<BattleFixture>
{
    [Fact]
    public async Task A_battle_streams_its_story_in_order_to_a_subscriber_on_another_silo()
    {
        var cluster = fixture.Cluster;
        var players = await Duelists.RegisterAsync(cluster, 2);
        var battle = Duelists.NewId("b");
        var events = new ConcurrentQueue<GrainEvent>();
        using var subscription = await cluster.Events(2).SubscribeAsync($"battle/{battle}", e => { events.Enqueue(e); return Task.CompletedTask; });
        var grain = cluster.Grains(0).GetGrain<IBattleGrain>(battle);

        await grain.Start(new BattleStart("palindrome", players[0], players[1], null, null));
        await grain.ReportConnection(players[1], false);
        await grain.ReportConnection(players[1], true);
        await grain.Submit(players[0], "def is_palindrome(s): return True");
        await grain.ApplyVerdict(await Verdicts.LastJobAsync(cluster, battle), Verdicts.Passed(13));
        await grain.OfferRematch(players[1]);
        var rematch = await cluster.Grains(1).GetGrain<IBattleGrain>(battle).AcceptRematch(players[0]);

        await Duelists.EventuallyAsync(() => Task.FromResult(events.Count), c => c >= 9);
        Assert.Equal(
            new[]
            {
                BattleEvents.Started, BattleEvents.Connection, BattleEvents.Connection, BattleEvents.Submission,
                BattleEvents.Verdict, BattleEvents.Finished, BattleEvents.RematchOffered, BattleEvents.RematchStarted,
            },
            events.Select(e => e.Type).Take(8));
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Seq));
        var finished = events.Single(e => e.Type == BattleEvents.Finished).Data;
        Assert.Equal(players[0], finished.GetProperty("winnerId").GetString());
        Assert.Equal(2, finished.GetProperty("ratings").GetArrayLength());
        var verdict = events.Single(e => e.Type == BattleEvents.Verdict).Data;
        Assert.Equal(13, verdict.GetProperty("progress")[0].GetProperty("bestPassed").GetInt32());
        Assert.Equal(rematch.BattleId, events.Last().Data.GetProperty("newBattleId").GetString());
    }
}
