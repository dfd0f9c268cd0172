using System.Collections.Concurrent;
using Duel.Grains.Battles;
using Duel.Grains.Matchmaking;
using Duel.Grains.Players;
using Duel.Grains.Runtime;
using Duel.Grains.Tests.Battles;
using Duel.Grains.Tests.Players;

namespace Duel.Grains.Tests.Matchmaking;

public sealed class MatchmakerTests(MatchmakingFixture fixture) : IClassFixture<MatchmakingFixture>
{
    private const string Queue = "palindrome";

    private IMatchmakerGrain Matchmaker(int silo, string queue = Queue) => fixture.Cluster.Grains(silo).GetGrain<IMatchmakerGrain>(queue);

    [Fact]
    public async Task A_thousand_concurrent_joins_through_three_silos_put_everyone_in_one_battle_or_the_queue()
    {
        var cluster = fixture.Cluster;
        var players = await Duelists.RegisterAsync(cluster, 1000);
        var leavers = players.Take(50).ToHashSet();
        var left = new ConcurrentDictionary<string, bool>();

        // Every player joins once; a fifth join twice (idempotence); fifty leave while pairing goes on.
        var calls = players.Select(p => Task.Run(async () => await Matchmaker(Random.Shared.Next(3)).Join(p)))
            .Concat(players.Skip(800).Select(p => Task.Run(async () => await Matchmaker(Random.Shared.Next(3)).Join(p))))
            .ToList();
        var leaves = leavers.Select(p => Task.Run(async () =>
        {
            await Task.Delay(Random.Shared.Next(200));
            left[p] = (await Matchmaker(Random.Shared.Next(3)).Leave(p)).Status == LeaveStatus.Left;
        })).ToList();
        var joins = await Task.WhenAll(calls);
        await Task.WhenAll(leaves);

        Assert.All(joins, j => Assert.Contains(j.Status, new[] { JoinStatus.Queued, JoinStatus.Matched, JoinStatus.InBattle }));
        var profiles = await Task.WhenAll(players.Select(p => Duelists.ProfileAsync(cluster, p)));
        var battles = profiles.Where(p => p.Activity.Kind == ActivityKind.InBattle).GroupBy(p => p.Activity.BattleId!).ToList();
        var queued = profiles.Where(p => p.Activity.Kind == ActivityKind.Queued).ToList();
        var idle = profiles.Where(p => p.Activity.Kind == ActivityKind.Idle).ToList();

        // Every battle holds exactly the two players whose activity names it, and nobody appears twice.
        Assert.All(battles, g => Assert.Equal(2, g.Count()));
        var seen = new HashSet<string>();
        foreach (var battle in battles)
        {
            var view = await Duelists.ViewAsync(cluster, battle.Key);
            Assert.Equal(BattlePhase.Active, view.Phase);
            Assert.Equal(battle.Select(p => p.Id).Order(), view.Players.Select(p => p.Id).Order());
            Assert.All(view.Players, p => Assert.True(seen.Add(p.Id), $"{p.Id} is in two battles"));
        }

        Assert.Equal(battles.Count, await Verdicts.CountAsync(cluster,
            "select count(*) from live_battles where player_a = any($1) or player_b = any($1)", (object)profiles.Select(p => p.Name).ToArray()));
        Assert.All(idle, p => Assert.True(left.GetValueOrDefault(p.Id), $"{p.Id} is idle without having left"));
        Assert.InRange(queued.Count, 0, 1);
        foreach (var player in queued)
        {
            var status = await Matchmaker(0).Status(player.Id);
            Assert.True(status.Queued);
            Assert.Equal((1, 1), (status.Position, status.Waiting));
            await Matchmaker(1).Leave(player.Id);
        }

        Assert.Equal(1000, (battles.Count * 2) + queued.Count + idle.Count);
        Assert.All(joins.Where(j => j.Status == JoinStatus.Matched), j => Assert.Contains(j.BattleId, battles.Select(b => b.Key)));
    }

    [Fact]
    public async Task Joining_twice_keeps_one_ticket_and_leaving_twice_is_harmless()
    {
        var player = (await Duelists.RegisterAsync(fixture.Cluster, 1))[0];

        var first = await Matchmaker(0).Join(player);
        var second = await Matchmaker(2).Join(player);

        Assert.Equal(JoinStatus.Queued, first.Status);
        Assert.Equal((JoinStatus.Queued, 1), (second.Status, second.Position));
        Assert.Equal(1, (await Matchmaker(1).Status(player)).Waiting);
        Assert.Equal(PlayerActivity.InQueue(Queue), (await Duelists.ProfileAsync(fixture.Cluster, player)).Activity);
        Assert.Equal(LeaveStatus.Left, (await Matchmaker(1).Leave(player)).Status);
        Assert.Equal(LeaveStatus.NotQueued, (await Matchmaker(2).Leave(player)).Status);
        Assert.Equal(PlayerActivity.Idle, (await Duelists.ProfileAsync(fixture.Cluster, player)).Activity);
        Assert.Equal(0, (await Matchmaker(0).Status(player)).Waiting);
    }

    [Fact]
    public async Task A_player_whose_unwritten_queue_entry_a_crash_lost_is_still_paired_from_the_ticket()
    {
        var cluster = fixture.Cluster;
        var players = await Duelists.RegisterAsync(cluster, 2);
        var (waiting, joining) = (players[0], players[1]);
        Assert.Equal(JoinStatus.Queued, (await Matchmaker(0).Join(waiting)).Status);

        // What a crash of the player's silo leaves: the queue's stored ticket, and the player idle.
        Assert.True((await Duelists.Any(cluster).GetGrain<IPlayerGrain>(waiting).LeaveQueue(Queue)).Succeeded);
        Assert.Equal(PlayerActivity.Idle, (await Duelists.ProfileAsync(cluster, waiting)).Activity);

        var joined = await Matchmaker(1).Join(joining);

        Assert.Equal(JoinStatus.Matched, joined.Status);
        Assert.Equal(PlayerActivity.InBattle(joined.BattleId!), (await Duelists.ProfileAsync(cluster, waiting)).Activity);
        Assert.Equal(PlayerActivity.InBattle(joined.BattleId!), (await Duelists.ProfileAsync(cluster, joining)).Activity);
        Assert.Equal(BattlePhase.Active, (await Duelists.ViewAsync(cluster, joined.BattleId!)).Phase);
    }

    [Fact]
    public async Task Leaving_while_being_matched_either_leaves_or_plays_never_both()
    {
        var cluster = fixture.Cluster;
        var outcomes = new List<bool>();
        for (var round = 0; round < 20; round++)
        {
            var players = await Duelists.RegisterAsync(cluster, 2);
            var (waiting, joining) = (players[0], players[1]);
            Assert.Equal(JoinStatus.Queued, (await Matchmaker(0).Join(waiting)).Status);

            var join = Task.Run(() => Matchmaker(1).Join(joining));
            var leave = Task.Run(() => Matchmaker(2).Leave(waiting));
            var (joined, leaving) = (await join, await leave);

            var waiter = await Duelists.ProfileAsync(cluster, waiting);
            var joiner = await Duelists.ProfileAsync(cluster, joining);
            if (leaving.Status == LeaveStatus.Left)
            {
                Assert.Equal(JoinStatus.Queued, joined.Status);
                Assert.Equal(PlayerActivity.Idle, waiter.Activity);
                Assert.Equal(PlayerActivity.InQueue(Queue), joiner.Activity);
                Assert.False((await Matchmaker(0).Status(waiting)).Queued);
                await Matchmaker(0).Leave(joining);
            }
            else
            {
                Assert.Equal(JoinStatus.Matched, joined.Status);
                Assert.Equal(PlayerActivity.InBattle(joined.BattleId!), waiter.Activity);
                Assert.Equal(PlayerActivity.InBattle(joined.BattleId!), joiner.Activity);
            }

            outcomes.Add(leaving.Status == LeaveStatus.Left);
        }

        Assert.Equal(20, outcomes.Count);
    }

    [Fact]
    public async Task A_newcomer_compatible_with_two_waiting_players_is_paired_with_the_longest_waiting()
    {
        var cluster = fixture.Cluster;
        foreach (var highFirst in new[] { false, true })
        {
            var (high, low) = await RatedPlayers.SplitAsync(cluster);
            var newcomer = (await Duelists.RegisterAsync(cluster, 1))[0];
            var (first, second) = highFirst ? (high, low) : (low, high);

            Assert.Equal(JoinStatus.Queued, (await Matchmaker(0).Join(first)).Status);
            Assert.Equal(JoinStatus.Queued, (await Matchmaker(1).Join(second)).Status);
            Assert.Equal(2, (await Matchmaker(2).Status(second)).Position);
            var matched = await Matchmaker(2).Join(newcomer);

            Assert.Equal(JoinStatus.Matched, matched.Status);
            var view = await Duelists.ViewAsync(cluster, matched.BattleId!);
            Assert.Equal(new[] { first, newcomer }.Order(), view.Players.Select(p => p.Id).Order());
            // A queue's battle reads no profile before it starts: its sides come from the players' own entries.
            foreach (var side in view.Players)
            {
                var profile = await Duelists.ProfileAsync(cluster, side.Id);
                Assert.Equal((profile.Name, profile.Rating, profile.Deviation), (side.Name, side.Rating, side.Deviation));
            }

            Assert.NotEqual(view.Players[0].Rating, view.Players[1].Rating);
            Assert.Equal(1, (await Matchmaker(0).Status(second)).Position);
            await Matchmaker(0).Leave(second);
        }
    }

    [Fact]
    public async Task A_player_is_in_at_most_one_queue_or_battle()
    {
        var cluster = fixture.Cluster;
        var (battle, a, _) = await Duelists.BattleAsync(cluster);
        var idle = (await Duelists.RegisterAsync(cluster, 1))[0];

        var inBattle = await Matchmaker(0).Join(a);
        Assert.Equal((JoinStatus.InBattle, battle), (inBattle.Status, inBattle.BattleId));
        Assert.False((await Matchmaker(1).Status(a)).Queued);

        Assert.Equal(JoinStatus.Queued, (await Matchmaker(0, "any").Join(idle)).Status);
        var elsewhere = await Matchmaker(1).Join(idle);
        Assert.Equal((JoinStatus.QueuedElsewhere, "any"), (elsewhere.Status, elsewhere.OtherQueue));
        await Matchmaker(2, "any").Leave(idle);

        Assert.Equal(JoinStatus.NotRegistered, (await Matchmaker(0).Join(Duelists.NewId())).Status);
        Assert.Equal(JoinStatus.UnknownQueue, (await Matchmaker(0, "no-such-challenge").Join(idle)).Status);
    }

    [Fact]
    public async Task Both_players_hear_matched_on_their_own_stream()
    {
        var cluster = fixture.Cluster;
        var players = await Duelists.RegisterAsync(cluster, 2);
        var heard = new ConcurrentDictionary<string, GrainEvent>();
        using var first = await cluster.Events(1).SubscribeAsync($"player/{players[0]}", e => { heard[players[0]] = e; return Task.CompletedTask; });
        using var second = await cluster.Events(2).SubscribeAsync($"player/{players[1]}", e => { heard[players[1]] = e; return Task.CompletedTask; });

        await Matchmaker(0).Join(players[0]);
        var matched = await Matchmaker(0).Join(players[1]);

        await Duelists.EventuallyAsync(() => Task.FromResult(heard.Count), c => c == 2);
        Assert.All(heard.Values, e => Assert.Equal(BattleEvents.Matched, e.Type));
        Assert.All(heard.Values, e => Assert.Equal(matched.BattleId, e.Data.GetProperty("battleId").GetString()));
    }
}
