using Duel.Grains.Battles;
using Duel.Grains.Matchmaking;
using Duel.Grains.Players;
using Duel.Grains.Tests.Players;

namespace Duel.Grains.Tests.Matchmaking;

/// <summary>
/// Pairings the queue stored but whose battles nobody started: <see cref="IMatchmakerGrain.Enter"/> is the
/// queue's turn alone, as if the joining node died right after it. The queue (its reminder, or the
/// player's own next call) starts each one with the battle id it stored.
/// </summary>
public sealed class PendingPairingTests(MatchmakingFixture fixture) : IClassFixture<MatchmakingFixture>
{
    private IMatchmakerGrain Queue(int silo, string queue) => fixture.Cluster.Grains(silo).GetGrain<IMatchmakerGrain>(queue);

    [Fact]
    public async Task A_stored_pairing_whose_join_died_is_started_after_reactivation_with_the_same_battle_id()
    {
        var cluster = fixture.Cluster;
        var (a, b) = await PairAsync("run-length");
        var paired = await Queue(1, "run-length").Enter(b);
        Assert.Equal(JoinStatus.Matched, paired.Result.Status);
        var battle = paired.Result.BattleId!;
        Assert.Equal(BattlePhase.None, (await Duelists.ViewAsync(cluster, battle)).Phase);
        Assert.Equal(PlayerActivity.InQueue("run-length"), (await Duelists.ProfileAsync(cluster, a)).Activity);
        Assert.Equal(0, (await Queue(2, "run-length").Status(a)).Waiting);

        // Every idle activation goes, the queue's in-memory timer with it: only the stored reminder is left.
        await cluster.Grains(0).GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var view = await Duelists.EventuallyAsync(() => Duelists.ViewAsync(cluster, battle), v => v.Phase == BattlePhase.Active);
        Assert.Equal(BattlePhase.Active, view.Phase);
        Assert.Equal(new[] { a, b }.Order(), view.Players.Select(p => p.Id).Order());
        Assert.Equal(PlayerActivity.InBattle(battle), (await Duelists.ProfileAsync(cluster, a)).Activity);
        Assert.Equal(PlayerActivity.InBattle(battle), (await Duelists.ProfileAsync(cluster, b)).Activity);
    }

    [Fact]
    public async Task Several_pending_pairings_are_each_started_once_by_their_players_calls_or_the_reminder()
    {
        var cluster = fixture.Cluster;
        const string queue = "anagrams";
        var pairings = new List<(string A, string B, string Battle)>();
        for (var i = 0; i < 3; i++)
        {
            var (a, b) = await PairAsync(queue);
            var entry = await Queue(i % 3, queue).Enter(b);
            Assert.Equal(JoinStatus.Matched, entry.Result.Status);
            pairings.Add((a, b, entry.Result.BattleId!));
        }

        Assert.Equal(3, pairings.Select(p => p.Battle).Distinct().Count());
        Assert.Empty(await Queue(0, queue).Waiting());

        // A player's own join settles their pairing first: they are in that battle, not queued again.
        var again = await Queue(1, queue).Join(pairings[0].A);
        Assert.Equal((JoinStatus.InBattle, pairings[0].Battle), (again.Status, again.BattleId));

        // So does a leave: the battle wins over it.
        Assert.Equal(LeaveStatus.NotQueued, (await Queue(2, queue).Leave(pairings[1].B)).Status);
        Assert.Equal(PlayerActivity.InBattle(pairings[1].Battle), (await Duelists.ProfileAsync(cluster, pairings[1].B)).Activity);

        // Nobody calls for the third: the reminder starts it.
        var third = await Duelists.EventuallyAsync(() => Duelists.ViewAsync(cluster, pairings[2].Battle), v => v.Phase == BattlePhase.Active);
        Assert.Equal(BattlePhase.Active, third.Phase);
        foreach (var (a, b, battle) in pairings)
        {
            Assert.Equal(PlayerActivity.InBattle(battle), (await Duelists.ProfileAsync(cluster, a)).Activity);
            Assert.Equal(PlayerActivity.InBattle(battle), (await Duelists.ProfileAsync(cluster, b)).Activity);
            Assert.Equal(new[] { a, b }.Order(), (await Duelists.ViewAsync(cluster, battle)).Players.Select(p => p.Id).Order());
        }

        Assert.Empty(await Queue(0, queue).Waiting());
    }

    [Fact]
    public async Task A_start_cut_short_after_moving_the_players_in_is_resumed_into_the_same_battle()
    {
        var cluster = fixture.Cluster;
        const string queue = "palindrome";
        var (a, b, battle) = await PendingAsync(queue);

        // What a start that died after moving both players in leaves: a queue's start stores nothing before Active.
        Assert.True((await Player(a).EnterBattle(battle, queue)).Succeeded);
        Assert.True((await Player(b).EnterBattle(battle, queue)).Succeeded);
        Assert.Equal(BattlePhase.None, (await Duelists.ViewAsync(cluster, battle)).Phase);

        var again = await Queue(2, queue).Join(a);
        Assert.Equal((JoinStatus.InBattle, battle), (again.Status, again.BattleId));
        var view = await Duelists.ViewAsync(cluster, battle);
        Assert.Equal(BattlePhase.Active, view.Phase);
        Assert.Equal(new[] { a, b }.Order(), view.Players.Select(p => p.Id).Order());
    }

    [Fact]
    public async Task A_start_cut_short_whose_other_player_went_elsewhere_releases_the_one_moved_in()
    {
        var cluster = fixture.Cluster;
        const string queue = "caesar-shift";
        var (a, b, battle) = await PendingAsync(queue);

        // Only a was moved in before the start died; b has since left the queue and is in another battle.
        Assert.True((await Player(a).EnterBattle(battle, queue)).Succeeded);
        Assert.True((await Player(b).LeaveQueue(queue)).Succeeded);
        Assert.True((await Player(b).EnterBattle(MatchmakerGrain.BattleId(), null)).Succeeded);

        // a's next join resumes the pairing: refused, a is let go rather than left in a battle that never starts.
        var again = await Queue(2, queue).Join(a);
        Assert.Equal(JoinStatus.Queued, again.Status);
        Assert.Equal(PlayerActivity.InQueue(queue), (await Duelists.ProfileAsync(cluster, a)).Activity);
        Assert.Equal(BattlePhase.None, (await Duelists.ViewAsync(cluster, battle)).Phase);
    }

    private IPlayerGrain Player(string id) => Duelists.Any(fixture.Cluster).GetGrain<IPlayerGrain>(id);

    /// <summary>A pairing of two new players stored by the queue's turn alone; its battle not started.</summary>
    private async Task<(string A, string B, string Battle)> PendingAsync(string queue)
    {
        var (a, b) = await PairAsync(queue);
        var entry = await Queue(1, queue).Enter(b);
        Assert.Equal(JoinStatus.Matched, entry.Result.Status);
        return (a, b, entry.Result.BattleId!);
    }

    /// <summary>Two new players; the first waits in the queue (through the queue's turn alone).</summary>
    private async Task<(string Waiting, string Joining)> PairAsync(string queue)
    {
        var players = await Duelists.RegisterAsync(fixture.Cluster, 2);
        Assert.Equal(JoinStatus.Queued, (await Queue(0, queue).Enter(players[0])).Result.Status);
        return (players[0], players[1]);
    }
}
