using Duel.Grains.Battles;
using Duel.Grains.Tests.Players;

namespace Duel.Grains.Tests.Battles;

/// <summary>Runs and submissions: the judge jobs they enqueue, their limits, and verdicts coming back.</summary>
public sealed class BattleJudgingTests(BattleFixture fixture) : IClassFixture<BattleFixture>
{
    private const int PalindromeTests = 13;

    [Fact]
    public async Task Submit_enqueues_a_judge_job_with_every_test_and_run_sends_only_the_examples()
    {
        var cluster = fixture.Cluster;
        var (battle, a, b) = await Duelists.BattleAsync(cluster);
        var grain = cluster.Grains(0).GetGrain<IBattleGrain>(battle);

        var submitted = await grain.Submit(a, "def is_palindrome(s):\n    return True\n");
        var ran = await grain.Run(b, "def is_palindrome(s):\n    return False\n");
        Assert.Equal(BattleCommandStatus.JudgingInProgress, (await grain.Submit(a, "def is_palindrome(s): pass")).Status);

        var jobs = await Verdicts.JobsAsync(cluster, battle);
        Assert.Equal(2, jobs.Count);
        Assert.Equal("submit", jobs[0].Payload.GetProperty("mode").GetString());
        Assert.Equal("is_palindrome", jobs[0].Payload.GetProperty("function").GetString());
        Assert.Equal(PalindromeTests, jobs[0].Payload.GetProperty("tests").GetArrayLength());
        Assert.Equal("run", jobs[1].Payload.GetProperty("mode").GetString());
        Assert.Equal(3, jobs[1].Payload.GetProperty("tests").GetArrayLength());
        Assert.All(jobs[1].Payload.GetProperty("tests").EnumerateArray(), t => Assert.False(t.GetProperty("hidden").GetBoolean()));

        // A run that passes everything it ran never decides the battle.
        await grain.ApplyVerdict(jobs[1].Id, Verdicts.Passed(3));
        var view = await grain.GetView();
        Assert.Equal(BattlePhase.Active, view.Phase);
        Assert.Equal(0, view.Players.Single(p => p.Id == b).BestPassed);
        Assert.Equal(SubmissionStatus.Pending, view.Submissions.Single(s => s.Id == submitted.SubmissionId).Status);
        Assert.Equal(SubmissionStatus.Judged, view.Submissions.Single(s => s.Id == ran.SubmissionId).Status);
    }

    [Fact]
    public async Task Hidden_test_details_never_reach_the_view()
    {
        var cluster = fixture.Cluster;
        var (battle, a, _) = await Duelists.BattleAsync(cluster);
        var grain = cluster.Grains(0).GetGrain<IBattleGrain>(battle);
        await grain.Submit(a, "def is_palindrome(s): return False");
        await grain.ApplyVerdict(await Verdicts.LastJobAsync(cluster, battle), Verdicts.Failed(4, PalindromeTests));

        var tests = (await grain.GetView()).Submissions.Single().Tests;
        Assert.Equal(PalindromeTests, tests.Count);
        Assert.All(tests.Where(t => t.Hidden), t => Assert.Equal(new TestSummary(t.Index, true, t.Status), t));
        Assert.All(tests.Where(t => !t.Hidden), t => Assert.NotNull(t.Args));
    }

    [Fact]
    public async Task Code_over_64_KiB_is_refused_and_enqueues_nothing()
    {
        var cluster = fixture.Cluster;
        var (battle, a, _) = await Duelists.BattleAsync(cluster);
        var grain = cluster.Grains(0).GetGrain<IBattleGrain>(battle);

        var tooLarge = await grain.Submit(a, "#" + new string('x', 64 * 1024));
        var empty = await grain.Run(a, "   \n");

        Assert.Equal(BattleCommandStatus.CodeTooLarge, tooLarge.Status);
        Assert.Contains("64 KiB", tooLarge.Message);
        Assert.Equal(BattleCommandStatus.EmptyCode, empty.Status);
        Assert.Empty(await Verdicts.JobsAsync(cluster, battle));
        Assert.Equal(BattleCommandStatus.Ok, (await grain.Submit(a, "#" + new string('x', (64 * 1024) - 1))).Status);
    }

    [Fact]
    public async Task A_verdict_written_to_the_jobs_table_is_applied_by_a_silo_and_decides_the_battle()
    {
        var cluster = fixture.Cluster;
        var (battle, a, _) = await Duelists.BattleAsync(cluster);
        await cluster.Grains(0).GetGrain<IBattleGrain>(battle).Submit(a, "def is_palindrome(s): return True");
        var job = await Verdicts.LastJobAsync(cluster, battle);

        await using (var command = cluster.DataSource.CreateCommand(
            "update jobs set status = 'done', result = $2::jsonb, finished_at = now() where id = $1"))
        {
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = job });
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = Verdicts.Passed(PalindromeTests).GetRawText() });
            await command.ExecuteNonQueryAsync();
        }

        var view = await Duelists.EventuallyAsync(() => Duelists.ViewAsync(cluster, battle), v => v.Phase == BattlePhase.Finished);
        Assert.Equal(a, view.Result?.WinnerId);
        // The job is marked applied once the battle has taken the verdict, a moment after the finish.
        Assert.Equal(1, await Duelists.EventuallyAsync(
            () => Verdicts.CountAsync(cluster, "select count(*) from jobs where id = $1 and status = 'applied'", job), n => n == 1));
    }
}
