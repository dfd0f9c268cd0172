using Duel.Grains.Battles;
using Duel.Grains.Players;
using Duel.Grains.Tests.Players;

namespace Duel.Grains.Tests.Battles;

/// <summary>Deadline, abandonment and reconnect, with the short timings of <see cref="TimedBattleFixture"/>.</summary>
public sealed class TimedBattleTests(TimedBattleFixture fixture) : IClassFixture<TimedBattleFixture>
{
    private const int PalindromeTests = 13;

    private static bool Finished(BattleView view) => view.Phase == BattlePhase.Finished;

    [Fact]
    public async Task At_the_deadline_the_player_with_more_tests_passed_wins()
    {
        var cluster = fixture.Cluster;
        var (battle, a, b) = await Duelists.BattleAsync(cluster);
        var grain = cluster.Grains(0).GetGrain<IBattleGrain>(battle);
        await grain.Submit(a, "def is_palindrome(s): return True");
        await grain.ApplyVerdict(await Verdicts.LastJobAsync(cluster, battle), Verdicts.Failed(5, PalindromeTests));
        await grain.Submit(b, "def is_palindrome(s): return False");
        await grain.ApplyVerdict(await Verdicts.LastJobAsync(cluster, battle), Verdicts.Failed(8, PalindromeTests));
        Assert.Equal(BattlePhase.Active, (await grain.GetView()).Phase);

        var view = await Duelists.EventuallyAsync(() => Duelists.ViewAsync(cluster, battle), Finished);

        Assert.Equal((BattleOutcome.Won, b, "deadline"), (view.Result!.Outcome, view.Result.WinnerId, view.Result.Reason));
        Assert.True(view.FinishedAt >= view.Deadline);
        Assert.Equal(1, (await Duelists.ProfileAsync(cluster, b)).Wins);
        Assert.Empty((await Duelists.ProfileAsync(cluster, b)).Solved);
    }

    [Fact]
    public async Task At_the_deadline_equal_progress_is_a_draw()
    {
        var cluster = fixture.Cluster;
        var (battle, a, b) = await Duelists.BattleAsync(cluster);

        var view = await Duelists.EventuallyAsync(() => Duelists.ViewAsync(cluster, battle), Finished);

        Assert.Equal((BattleOutcome.Drawn, null, "deadline"), (view.Result!.Outcome, view.Result.WinnerId, view.Result.Reason));
        var profileA = await Duelists.ProfileAsync(cluster, a);
        Assert.Equal((0, 0, 1), (profileA.Wins, profileA.Losses, profileA.Draws));
        Assert.Equal(1, (await Duelists.ProfileAsync(cluster, b)).Draws);
        Assert.True(profileA.Deviation < 350);
        Assert.Equal(1, await Verdicts.CountAsync(cluster, "select count(*) from battles where id = $1 and outcome = 'drawn' and winner is null", battle));
    }

    [Fact]
    public async Task A_submission_made_in_time_is_judged_after_the_deadline_and_can_still_win()
    {
        var cluster = fixture.Cluster;
        var (battle, a, b) = await Duelists.BattleAsync(cluster);
        var grain = cluster.Grains(1).GetGrain<IBattleGrain>(battle);
        await grain.Submit(a, "def is_palindrome(s): return True");
        var job = await Verdicts.LastJobAsync(cluster, battle);

        await Task.Delay(TimedBattleFixture.Duration + TimeSpan.FromMilliseconds(600));
        Assert.Equal(BattlePhase.Active, (await grain.GetView()).Phase);
        Assert.Equal(BattleCommandStatus.DeadlinePassed, (await grain.Submit(b, "def is_palindrome(s): return True")).Status);

        await grain.ApplyVerdict(job, Verdicts.Passed(PalindromeTests));
        var view = await grain.GetView();
        Assert.Equal((BattleOutcome.Won, a, "solved"), (view.Result!.Outcome, view.Result.WinnerId, view.Result.Reason));
    }

    [Fact]
    public async Task A_player_disconnected_beyond_the_grace_loses_by_abandonment()
    {
        var cluster = fixture.Cluster;
        var (battle, a, b) = await Duelists.BattleAsync(cluster);
        var grain = cluster.Grains(0).GetGrain<IBattleGrain>(battle);

        await grain.ReportConnection(a, false);
        var during = await grain.GetView();
        Assert.False(during.Players.Single(p => p.Id == a).Connected);
        Assert.NotNull(during.Players.Single(p => p.Id == a).GraceDeadline);

        var view = await Duelists.EventuallyAsync(() => Duelists.ViewAsync(cluster, battle), Finished);
        Assert.Equal((BattleOutcome.Abandoned, b, "abandoned"), (view.Result!.Outcome, view.Result.WinnerId, view.Result.Reason));
        Assert.True(view.FinishedAt < view.Deadline);
        Assert.Equal(1, (await Duelists.ProfileAsync(cluster, a)).Losses);
    }

    [Fact]
    public async Task A_reconnect_inside_the_grace_cancels_the_abandonment()
    {
        var cluster = fixture.Cluster;
        var (battle, a, _) = await Duelists.BattleAsync(cluster);
        await cluster.Grains(0).GetGrain<IBattleGrain>(battle).ReportConnection(a, false);
        await Task.Delay(TimedBattleFixture.Grace / 3);
        await cluster.Grains(1).GetGrain<IBattleGrain>(battle).ReportConnection(a, true);

        await Task.Delay(TimedBattleFixture.Grace * 2);
        var active = await Duelists.ViewAsync(cluster, battle);
        Assert.Equal(BattlePhase.Active, active.Phase);
        Assert.True(active.Players.Single(p => p.Id == a).Connected);

        var view = await Duelists.EventuallyAsync(() => Duelists.ViewAsync(cluster, battle), Finished);
        Assert.Equal((BattleOutcome.Drawn, "deadline"), (view.Result!.Outcome, view.Result.Reason));
    }

    [Fact]
    public async Task Both_players_gone_makes_the_battle_void_without_rating_changes()
    {
        var cluster = fixture.Cluster;
        var (battle, a, b) = await Duelists.BattleAsync(cluster);
        var grain = cluster.Grains(0).GetGrain<IBattleGrain>(battle);
        await grain.ReportConnection(a, false);
        await grain.ReportConnection(b, false);

        var view = await Duelists.EventuallyAsync(() => Duelists.ViewAsync(cluster, battle), Finished);

        Assert.Equal((BattleOutcome.Abandoned, null), (view.Result!.Outcome, view.Result.WinnerId));
        var profile = await Duelists.ProfileAsync(cluster, a);
        Assert.Equal((1500.0, 350.0, 0, 0, 0), (profile.Rating, profile.Deviation, profile.Wins, profile.Losses, profile.Draws));
        Assert.Equal(ActivityKind.Idle, (await Duelists.ProfileAsync(cluster, b)).Activity.Kind);
    }

    [Fact]
    public async Task A_rematch_offer_after_the_window_is_refused()
    {
        var cluster = fixture.Cluster;
        var (battle, a, b) = await Duelists.BattleAsync(cluster);
        var grain = cluster.Grains(0).GetGrain<IBattleGrain>(battle);
        await grain.Forfeit(a);

        await Task.Delay(TimeSpan.FromSeconds(1.2));

        Assert.Equal(BattleCommandStatus.RematchUnavailable, (await grain.OfferRematch(b)).Status);
    }
}
