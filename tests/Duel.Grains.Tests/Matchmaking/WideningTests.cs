using Stopwatch = System.Diagnostics.Stopwatch;
using Duel.Grains.Matchmaking;
using Duel.Grains.Players;
using Duel.Grains.Tests.Players;

namespace Duel.Grains.Tests.Matchmaking;

public sealed class WideningTests(WideningFixture fixture) : IClassFixture<WideningFixture>
{
    [Fact]
    public async Task A_distant_lone_pair_is_matched_by_the_reminder_only_after_the_windows_widen()
    {
        var cluster = fixture.Cluster;
        var (high, low) = await RatedPlayers.SplitAsync(cluster);
        var queue = cluster.Grains(0).GetGrain<IMatchmakerGrain>("palindrome");

        Assert.Equal(JoinStatus.Queued, (await queue.Join(low)).Status);
        var clock = Stopwatch.StartNew();
        var joined = await cluster.Grains(1).GetGrain<IMatchmakerGrain>("palindrome").Join(high);
        Assert.Equal((JoinStatus.Queued, 200), (joined.Status, joined.Window));

        // A gap of ~324 needs windows of 350: three steps of the newer ticket. No further join happens.
        var profile = await Duelists.EventuallyAsync(
            () => Duelists.ProfileAsync(cluster, high), p => p.Activity.Kind == ActivityKind.InBattle);
        var elapsed = clock.Elapsed;

        Assert.Equal(ActivityKind.InBattle, profile.Activity.Kind);
        Assert.Equal(profile.Activity, (await Duelists.ProfileAsync(cluster, low)).Activity);
        Assert.True(elapsed >= (WideningFixture.Step * 3) - TimeSpan.FromMilliseconds(50), $"matched after {elapsed}");
        Assert.Equal(0, (await queue.Status(high)).Waiting);
    }

    [Fact]
    public async Task The_window_reported_to_a_waiting_player_widens_while_they_wait()
    {
        var cluster = fixture.Cluster;
        var player = (await Duelists.RegisterAsync(cluster, 1))[0];
        var queue = cluster.Grains(0).GetGrain<IMatchmakerGrain>("any");
        await queue.Join(player);

        // Half a step of slack: the timer and the turn's wall clock are different clocks, and
        // a VM's wall clock can be slewed by a few milliseconds.
        await Task.Delay(WideningFixture.Step * 2.5);
        var status = await queue.Status(player);

        Assert.True(status.Queued);
        Assert.InRange(status.Window, 300, 600);
        Assert.True(status.Waited >= WideningFixture.Step * 2);
        await queue.Leave(player);
    }
}
