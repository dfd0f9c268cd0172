using Duel.Grains.Battles;
using Duel.Grains.Players;
using Duel.Grains.Tests.Players;

namespace Duel.Grains.Tests.Battles;

/// <summary>Practice against a ghost: recorded steps land on time, the race is decided like a duel, nothing is rated.</summary>
public sealed class GhostBattleTests(TimedBattleFixture fixture) : IClassFixture<TimedBattleFixture>
{
    private const int PalindromeTests = 13;

    private static GhostPlan Plan(double failAt, double winAt) => new(
        new GhostSource("b-source", "p-winner"), "Ann", 1612, [
            new GhostStep(TimeSpan.FromSeconds(failAt), TimeSpan.FromSeconds(failAt + 0.4), SubmissionKind.Submit, "failed", 8, PalindromeTests, "8 of 13"),
            new GhostStep(TimeSpan.FromSeconds(winAt), TimeSpan.FromSeconds(winAt + 0.4), SubmissionKind.Submit, "passed", PalindromeTests, PalindromeTests, null),
        ]);

    private async Task<(string Battle, string Player, PlayerProfile Before)> PracticeAsync(GhostPlan plan)
    {
        var player = (await Duelists.RegisterAsync(fixture.Cluster, 1))[0];
        var before = await Duelists.ProfileAsync(fixture.Cluster, player);
        var battle = Duelists.NewId("b");
        var started = await fixture.Cluster.Grains(0).GetGrain<IBattleGrain>(battle).Start(BattleStart.Practice("palindrome", player, plan));
        Assert.Equal(BattleCommandStatus.Ok, started.Status);
        return (battle, player, before);
    }

    [Fact]
    public async Task The_ghosts_submissions_and_verdicts_land_at_the_recorded_offsets_and_it_wins_when_it_solves_first()
    {
        var (battle, player, before) = await PracticeAsync(Plan(failAt: 0.5, winAt: 1.5));
        var start = await Duelists.ViewAsync(fixture.Cluster, battle);
        Assert.Empty(start.Submissions);
        Assert.Equal(new GhostSource("b-source", "p-winner"), start.Ghost);
        Assert.False(start.Rated);
        Assert.Equal(["Ann's ghost"], start.Players.Where(p => p.Id == GhostSource.SideId).Select(p => p.Name));

        var progress = await Duelists.EventuallyAsync(() => Duelists.ViewAsync(fixture.Cluster, battle),
            v => v.Players.Single(p => p.Id == GhostSource.SideId).BestPassed == 8, seconds: 5);
        Assert.Equal(BattlePhase.Active, progress.Phase);
        var view = await Duelists.EventuallyAsync(() => Duelists.ViewAsync(fixture.Cluster, battle), v => v.Phase == BattlePhase.Finished, seconds: 5);

        Assert.Equal((BattleOutcome.Won, GhostSource.SideId, "solved"), (view.Result!.Outcome, view.Result.WinnerId, view.Result.Reason));
        Assert.Equal([TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1.5)], view.Submissions.Select(s => s.SubmittedAt - view.StartedAt));
        Assert.All(view.Submissions, s => Assert.Equal(GhostSource.SideId, s.PlayerId));
        Assert.Equal(["failed", "passed"], view.Submissions.Select(s => s.Verdict));
        Assert.True(view.FinishedAt - view.StartedAt >= TimeSpan.FromSeconds(1.9), $"finished after {view.FinishedAt - view.StartedAt}");
        await AssertNothingRecordedAsync(battle, player, before);
    }

    [Fact]
    public async Task The_player_wins_by_passing_every_test_before_the_ghost_and_the_practice_leaves_no_trace()
    {
        var (battle, player, before) = await PracticeAsync(Plan(failAt: 0.2, winAt: 6));
        var grain = fixture.Cluster.Grains(1).GetGrain<IBattleGrain>(battle);
        Assert.Equal(ActivityKind.InBattle, (await Duelists.ProfileAsync(fixture.Cluster, player)).Activity.Kind);
        Assert.Equal(BattleCommandStatus.Ok, (await grain.Submit(player, "def is_palindrome(s): return s == s[::-1]")).Status);
        await grain.ApplyVerdict(await Verdicts.LastJobAsync(fixture.Cluster, battle), Verdicts.Passed(PalindromeTests));

        var view = await grain.GetView();
        Assert.Equal((BattleOutcome.Won, player, "solved"), (view.Result!.Outcome, view.Result.WinnerId, view.Result.Reason));
        Assert.All(view.Result.Ratings, r => Assert.Equal(r.RatingBefore, r.RatingAfter));
        Assert.Equal(BattleCommandStatus.RematchUnavailable, (await grain.OfferRematch(player)).Status);
        await AssertNothingRecordedAsync(battle, player, before);

        // The ghost's later steps never land on a finished battle.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain((await grain.GetView()).Submissions, s => s.PlayerId == GhostSource.SideId && s.Verdict == "passed");
    }

    [Fact]
    public async Task A_busy_player_cannot_start_a_practice_and_a_ghost_only_ever_plays_side_B()
    {
        var (_, player, _) = await PracticeAsync(Plan(failAt: 3, winAt: 6));
        var second = await fixture.Cluster.Grains(0).GetGrain<IBattleGrain>(Duelists.NewId("b"))
            .Start(BattleStart.Practice("palindrome", player, Plan(failAt: 3, winAt: 6)));
        Assert.Equal(BattleCommandStatus.PlayerBusy, second.Status);

        var other = (await Duelists.RegisterAsync(fixture.Cluster, 1))[0];
        var forged = new BattleStart("palindrome", other, GhostSource.SideId, null, null);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => fixture.Cluster.Grains(0).GetGrain<IBattleGrain>(Duelists.NewId("b")).Start(forged));
        Assert.Equal(ActivityKind.Idle, (await Duelists.ProfileAsync(fixture.Cluster, other)).Activity.Kind);
    }

    [Fact]
    public async Task A_plan_taken_from_a_finished_duel_keeps_the_winners_offsets_and_verdicts()
    {
        var (battle, a, b) = await Duelists.BattleAsync(fixture.Cluster);
        var grain = fixture.Cluster.Grains(0).GetGrain<IBattleGrain>(battle);
        await grain.Submit(a, "def is_palindrome(s): return True");
        await grain.ApplyVerdict(await Verdicts.LastJobAsync(fixture.Cluster, battle), Verdicts.Failed(5, PalindromeTests));
        await grain.Submit(b, "def is_palindrome(s): return False");
        await Task.Delay(300);
        await grain.Submit(a, "def is_palindrome(s): return s == s[::-1]");
        await grain.ApplyVerdict(await Verdicts.LastJobAsync(fixture.Cluster, battle), Verdicts.Passed(PalindromeTests));
        var source = await grain.GetView();

        var plan = GhostPlan.From(source, a);

        Assert.Equal((new GhostSource(battle, a), 2), (plan.Source, plan.Steps.Count));
        var mine = source.Submissions.Where(s => s.PlayerId == a).ToList();
        Assert.Equal(mine.Select(s => s.SubmittedAt - source.StartedAt), plan.Steps.Select(s => s.SubmittedAfter));
        Assert.Equal(mine.Select(s => s.JudgedAt!.Value - source.StartedAt), plan.Steps.Select(s => s.JudgedAfter));
        Assert.Equal([(5, "failed"), (PalindromeTests, "passed")], plan.Steps.Select(s => (s.Passed, s.Verdict)));
    }

    private async Task AssertNothingRecordedAsync(string battle, string player, PlayerProfile before)
    {
        var after = await Duelists.EventuallyAsync(() => Duelists.ProfileAsync(fixture.Cluster, player), p => p.Activity.Kind == ActivityKind.Idle);
        Assert.Equal(ActivityKind.Idle, after.Activity.Kind);
        Assert.Equal((before.Rating, before.Wins, before.Losses, before.Draws), (after.Rating, after.Wins, after.Losses, after.Draws));
        Assert.Empty(after.Solved);
        Assert.Equal(0, await Verdicts.CountAsync(fixture.Cluster, "select count(*) from battles where id = $1", battle));
        Assert.Equal(0, await Verdicts.CountAsync(fixture.Cluster, "select count(*) from live_battles where id = $1", battle));
    }
}
