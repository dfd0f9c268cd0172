using Duel.Grains.Battles;
using Duel.Grains.Players;
using Duel.Grains.Tests.Players;

namespace Duel.Grains.Tests.Battles;

public sealed class BattleTests(BattleFixture fixture) : IClassFixture<BattleFixture>
{
    private const int PalindromeTests = 13;

    [Fact]
    public async Task Two_passing_submissions_judged_concurrently_on_different_silos_make_exactly_one_winner()
    {
        var cluster = fixture.Cluster;
        for (var round = 0; round < 5; round++)
        {
            var (battle, a, b) = await Duelists.BattleAsync(cluster);
            Assert.True((await cluster.Grains(0).GetGrain<IBattleGrain>(battle).Submit(a, "def is_palindrome(s): return True")).Succeeded);
            Assert.True((await cluster.Grains(1).GetGrain<IBattleGrain>(battle).Submit(b, "def is_palindrome(s): return True")).Succeeded);
            var jobs = await Verdicts.JobsAsync(cluster, battle);

            var applied = await Task.WhenAll(
                Task.Run(() => cluster.Grains(1).GetGrain<IBattleGrain>(battle).ApplyVerdict(jobs[0].Id, Verdicts.Passed(PalindromeTests))),
                Task.Run(() => cluster.Grains(2).GetGrain<IBattleGrain>(battle).ApplyVerdict(jobs[1].Id, Verdicts.Passed(PalindromeTests))));

            Assert.All(applied, r => Assert.Equal(BattleCommandStatus.Ok, r.Status));
            var view = await Duelists.ViewAsync(cluster, battle);
            Assert.Equal(BattlePhase.Finished, view.Phase);
            Assert.Equal(BattleOutcome.Won, view.Result!.Outcome);
            Assert.Equal("solved", view.Result.Reason);
            Assert.All(view.Submissions, s => Assert.Equal(SubmissionStatus.Judged, s.Status));
            var winner = view.Result.WinnerId!;
            var loser = winner == a ? b : a;

            var won = await Duelists.ProfileAsync(cluster, winner);
            var lost = await Duelists.ProfileAsync(cluster, loser);
            Assert.Equal((1, 0, 0), (won.Wins, won.Losses, won.Draws));
            Assert.Equal((0, 1, 0), (lost.Wins, lost.Losses, lost.Draws));
            Assert.Equal(view.Result.Ratings.Single(r => r.PlayerId == winner).RatingAfter, won.Rating);
            Assert.Equal(view.Result.Ratings.Single(r => r.PlayerId == loser).RatingAfter, lost.Rating);
            Assert.True(won.Rating > 1500 && lost.Rating < 1500);
            Assert.Equal(new[] { "palindrome" }, won.Solved);
            Assert.Empty(lost.Solved);
            Assert.Equal(ActivityKind.Idle, won.Activity.Kind);
            Assert.Equal(ActivityKind.Idle, lost.Activity.Kind);
            Assert.Equal(1, await Verdicts.CountAsync(cluster, "select count(*) from battles where id = $1 and winner = $2", battle, winner));
            Assert.Equal(1, await Verdicts.CountAsync(cluster,
                "select count(*) from players where id = $1 and wins = 1 and losses = 0 and rating = $2", winner, won.Rating));
        }
    }

    [Fact]
    public async Task Applying_a_verdict_again_five_times_changes_nothing()
    {
        var cluster = fixture.Cluster;
        var (battle, a, _) = await Duelists.BattleAsync(cluster);
        var grain = cluster.Grains(0).GetGrain<IBattleGrain>(battle);
        await grain.Submit(a, "def is_palindrome(s): return s == s[::-1]");
        var job = await Verdicts.LastJobAsync(cluster, battle);
        Assert.Equal(BattleCommandStatus.Ok, (await grain.ApplyVerdict(job, Verdicts.Failed(7, PalindromeTests))).Status);
        var version = await Verdicts.VersionAsync(cluster, "battle", battle);
        var before = await grain.GetView();

        for (var i = 0; i < 5; i++)
        {
            var replay = await cluster.Grains(i % 3).GetGrain<IBattleGrain>(battle).ApplyVerdict(job, Verdicts.Passed(PalindromeTests));
            Assert.Equal(BattleCommandStatus.AlreadyApplied, replay.Status);
        }

        var after = await grain.GetView();
        Assert.Equal(version, await Verdicts.VersionAsync(cluster, "battle", battle));
        Assert.Equal(BattlePhase.Active, after.Phase);
        Assert.Equal(7, after.Players.Single(p => p.Id == a).BestPassed);
        Assert.Equal(before.Submissions.Single().Passed, after.Submissions.Single().Passed);
        Assert.Equal(BattleCommandStatus.UnknownJob, (await grain.ApplyVerdict("no-such-job", Verdicts.Passed(PalindromeTests))).Status);
    }

    [Fact]
    public async Task A_forfeit_makes_the_opponent_win_and_updates_both_players_once()
    {
        var cluster = fixture.Cluster;
        var (battle, a, b) = await Duelists.BattleAsync(cluster);
        var grain = cluster.Grains(1).GetGrain<IBattleGrain>(battle);

        Assert.Equal(BattleCommandStatus.Ok, (await grain.Forfeit(a)).Status);
        Assert.Equal(BattleCommandStatus.NotActive, (await grain.Forfeit(b)).Status);

        var view = await grain.GetView();
        Assert.Equal((BattleOutcome.Forfeited, b, "forfeit"), (view.Result!.Outcome, view.Result.WinnerId, view.Result.Reason));
        Assert.Equal(1, (await Duelists.ProfileAsync(cluster, b)).Wins);
        Assert.Equal(1, (await Duelists.ProfileAsync(cluster, a)).Losses);
        Assert.Empty((await Duelists.ProfileAsync(cluster, b)).Solved);
        Assert.Equal(1, await Verdicts.CountAsync(cluster,
            "select count(*) from battles where id = $1 and outcome = 'forfeited' and winner = $2 and rating_b_after > rating_b_before", battle, b));
    }

    [Fact]
    public async Task Someone_who_is_not_a_player_gets_a_clear_result_for_every_command()
    {
        var cluster = fixture.Cluster;
        var (battle, _, _) = await Duelists.BattleAsync(cluster);
        var stranger = (await Duelists.RegisterAsync(cluster, 1))[0];
        var grain = cluster.Grains(2).GetGrain<IBattleGrain>(battle);
        var version = await Verdicts.VersionAsync(cluster, "battle", battle);

        var results = new[]
        {
            await grain.Run(stranger, "x = 1"),
            await grain.Submit(stranger, "x = 1"),
            await grain.Forfeit(stranger),
            await grain.ReportConnection(stranger, false),
            await grain.RecordSnapshot(stranger, 5),
            await grain.OfferRematch(stranger),
            await grain.AcceptRematch(stranger),
        };

        Assert.All(results, r => Assert.Equal(BattleCommandStatus.NotAPlayer, r.Status));
        Assert.All(results, r => Assert.Equal("You are not a player in this battle.", r.Message));
        Assert.Equal(version, await Verdicts.VersionAsync(cluster, "battle", battle));
        Assert.Empty(await Verdicts.JobsAsync(cluster, battle));

        var unknown = cluster.Grains(0).GetGrain<IBattleGrain>("no-such-battle");
        Assert.Equal(BattleCommandStatus.NotFound, (await unknown.Submit(stranger, "x = 1")).Status);
        Assert.False((await unknown.GetView()).Exists);
    }

    [Fact]
    public async Task A_rematch_offered_and_accepted_starts_a_new_battle_for_both()
    {
        var cluster = fixture.Cluster;
        var (battle, a, b) = await Duelists.BattleAsync(cluster);
        var grain = cluster.Grains(0).GetGrain<IBattleGrain>(battle);
        Assert.Equal(BattleCommandStatus.NotFinished, (await grain.OfferRematch(a)).Status);
        await grain.Forfeit(b);

        Assert.Equal(BattleCommandStatus.Ok, (await grain.OfferRematch(a)).Status);
        Assert.Equal(BattleCommandStatus.RematchUnavailable, (await grain.AcceptRematch(a)).Status);
        var accepted = await cluster.Grains(1).GetGrain<IBattleGrain>(battle).AcceptRematch(b);

        Assert.Equal(BattleCommandStatus.Ok, accepted.Status);
        var rematch = await Duelists.ViewAsync(cluster, accepted.BattleId!);
        Assert.Equal(BattlePhase.Active, rematch.Phase);
        Assert.Equal(new[] { a, b }, rematch.Players.Select(p => p.Id));
        Assert.Equal("palindrome", rematch.Challenge);
        Assert.Equal(PlayerActivity.InBattle(accepted.BattleId!), (await Duelists.ProfileAsync(cluster, a)).Activity);
        Assert.Equal(PlayerActivity.InBattle(accepted.BattleId!), (await Duelists.ProfileAsync(cluster, b)).Activity);
        Assert.Equal(accepted.BattleId, (await grain.GetView()).Rematch!.NewBattleId);
        Assert.Equal(BattleCommandStatus.RematchUnavailable, (await grain.AcceptRematch(b)).Status);
    }

    [Fact]
    public async Task Snapshot_sequence_numbers_only_move_forward_and_cost_no_state_write()
    {
        var cluster = fixture.Cluster;
        var (battle, a, b) = await Duelists.BattleAsync(cluster);
        var grain = cluster.Grains(0).GetGrain<IBattleGrain>(battle);
        var version = await Verdicts.VersionAsync(cluster, "battle", battle);

        Assert.True((await grain.RecordSnapshot(a, 7)).Succeeded);
        await grain.RecordSnapshot(a, 5);
        await grain.RecordSnapshot(b, 3);

        var players = (await grain.GetView()).Players;
        Assert.Equal(7, players.Single(p => p.Id == a).SnapshotSeq);
        Assert.Equal(3, players.Single(p => p.Id == b).SnapshotSeq);
        Assert.Equal(version, await Verdicts.VersionAsync(cluster, "battle", battle));
        // Only the battle's players are heard.
        Assert.False((await grain.RecordSnapshot("p-stranger", 9)).Succeeded);
    }
}
