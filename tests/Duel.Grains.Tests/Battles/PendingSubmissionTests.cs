using Duel.Grains.Battles;
using Duel.Grains.Tests.Players;
using Duel.Testing;
using Npgsql;

namespace Duel.Grains.Tests.Battles;

/// <summary>
/// A submission waiting for its verdict is not written, nor is a run's verdict: a job row is their record. A
/// submission's verdict is written, and a silo that dies before leaves them to the battle's next activation, which
/// reads them back from their jobs.
/// </summary>
public sealed class PendingSubmissionTests(BattleFixture fixture) : IClassFixture<BattleFixture>
{
    private const int PalindromeTests = 13;

    [Fact]
    public async Task Pending_submissions_and_a_runs_verdict_are_not_written_and_a_submissions_verdict_is()
    {
        var cluster = fixture.Cluster;
        var (battle, a, b) = await Duelists.BattleAsync(cluster);
        var grain = cluster.Grains(0).GetGrain<IBattleGrain>(battle);
        var started = await Verdicts.VersionAsync(cluster, "battle", battle);
        var seq = (await grain.GetView()).Seq;

        var submitted = await grain.Submit(a, "def is_palindrome(s):\n    return True\n");
        var ran = await grain.Run(b, "def is_palindrome(s):\n    return False\n");
        Assert.Equal((BattleCommandStatus.Ok, BattleCommandStatus.Ok), (submitted.Status, ran.Status));
        Assert.Equal(BattleCommandStatus.Ok, (await grain.ApplyVerdict(ran.SubmissionId!, Verdicts.Failed(1, 3))).Status);
        Assert.Equal(started, await Verdicts.VersionAsync(cluster, "battle", battle));
        Assert.Equal(seq + 3, (await grain.GetView()).Seq);

        // Collected and activated again: stored on the way out, the submission still pending, the run judged.
        await cluster.Grains(0).GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var view = await grain.GetView();
        Assert.Equal(started + 1, await Verdicts.VersionAsync(cluster, "battle", battle));
        Assert.Equal(seq + 3, view.Seq);
        Assert.Equal(SubmissionStatus.Pending, view.Submissions.Single(s => s.Id == submitted.SubmissionId).Status);
        Assert.Equal((SubmissionStatus.Judged, 1), view.Submissions.Where(s => s.Id == ran.SubmissionId).Select(s => (s.Status, s.Passed)).Single());

        // A submission's verdict changes a player's progress, so it is written at once.
        Assert.Equal(BattleCommandStatus.Ok, (await grain.ApplyVerdict(submitted.SubmissionId!, Verdicts.Failed(5, PalindromeTests))).Status);
        Assert.Equal(started + 2, await Verdicts.VersionAsync(cluster, "battle", battle));
    }

    [Fact]
    public async Task A_runs_verdict_a_killed_silo_lost_comes_back_judged_from_its_applied_job()
    {
        await using var cluster = await TestCluster.StartAsync(silos: 2);
        var (battle, _, b) = await BattleOnAsync(cluster, silo: 1);
        var grain = cluster.Grains(0).GetGrain<IBattleGrain>(battle);
        var started = await Verdicts.VersionAsync(cluster, "battle", battle);

        var judged = await grain.Run(b, "def is_palindrome(s):\n    return False\n");
        var verdict = Verdicts.Failed(2, 3);
        Assert.Equal(BattleCommandStatus.Ok, (await grain.ApplyVerdict(judged.SubmissionId!, verdict)).Status);
        // What the silo's JobResultApplier does once the battle took the verdict.
        await using (var mark = cluster.DataSource.CreateCommand(
            "update jobs set status = 'applied', result = $2::jsonb, applied_at = now() where id = $1"))
        {
            mark.Parameters.Add(new NpgsqlParameter { Value = judged.SubmissionId });
            mark.Parameters.Add(new NpgsqlParameter { Value = verdict.GetRawText() });
            Assert.Equal(1, await mark.ExecuteNonQueryAsync());
        }

        var pending = await grain.Run(b, "def is_palindrome(s):\n    return s == s[::-1]\n");
        var lostSeq = (await grain.GetView()).Seq;
        Assert.Equal(started, await Verdicts.VersionAsync(cluster, "battle", battle));

        var view = await AfterItsSiloDiedAsync(cluster, grain, battle);

        // The applied run is judged with its job's verdict, the other is pending again, under new event numbers.
        Assert.Equal(
            [(judged.SubmissionId, SubmissionStatus.Judged, 2, 3), (pending.SubmissionId, SubmissionStatus.Pending, 0, 0)],
            view.Submissions.Select(s => ((string?)s.Id, s.Status, s.Passed, s.Total)));
        Assert.True(view.Seq > lostSeq, $"seq {view.Seq} after the crash, {lostSeq} before");
        Assert.Equal(started + 1, await Verdicts.VersionAsync(cluster, "battle", battle));
        Assert.Equal(BattleCommandStatus.AlreadyApplied, (await grain.ApplyVerdict(judged.SubmissionId!, verdict)).Status);
        Assert.Equal(BattleCommandStatus.JudgingInProgress, (await grain.Run(b, "def is_palindrome(s): pass")).Status);
    }

    [Fact]
    public async Task Pending_submissions_a_killed_silo_lost_come_back_from_their_jobs_under_new_event_numbers()
    {
        await using var cluster = await TestCluster.StartAsync(silos: 2);
        var (battle, a, b) = await BattleOnAsync(cluster, silo: 1);
        var grain = cluster.Grains(0).GetGrain<IBattleGrain>(battle);
        var started = await Verdicts.VersionAsync(cluster, "battle", battle);

        var submitted = await grain.Submit(a, "def is_palindrome(s):\n    return s == s[::-1]\n");
        var ran = await grain.Run(b, "def is_palindrome(s):\n    return False\n");
        var lostSeq = (await grain.GetView()).Seq;
        Assert.Equal(started, await Verdicts.VersionAsync(cluster, "battle", battle));

        var view = await AfterItsSiloDiedAsync(cluster, grain, battle);

        // Both are pending again, and no number the dead activation may have published is used for another event.
        Assert.Equal(BattlePhase.Active, view.Phase);
        Assert.Equal(
            [(submitted.SubmissionId, a, SubmissionKind.Submit, SubmissionStatus.Pending), (ran.SubmissionId, b, SubmissionKind.Run, SubmissionStatus.Pending)],
            view.Submissions.Select(s => ((string?)s.Id, s.PlayerId, s.Kind, s.Status)).OrderBy(s => s.Kind == SubmissionKind.Run));
        Assert.True(view.Seq > lostSeq, $"seq {view.Seq} after the crash, {lostSeq} before");
        Assert.Equal(started + 1, await Verdicts.VersionAsync(cluster, "battle", battle));
        Assert.Equal(BattleCommandStatus.JudgingInProgress, (await grain.Submit(a, "def is_palindrome(s): pass")).Status);

        // The recovered submission's verdict decides the battle, once.
        Assert.Equal(BattleCommandStatus.Ok, (await grain.ApplyVerdict(submitted.SubmissionId!, Verdicts.Passed(PalindromeTests))).Status);
        Assert.Equal(BattleCommandStatus.AlreadyApplied, (await grain.ApplyVerdict(submitted.SubmissionId!, Verdicts.Passed(PalindromeTests))).Status);
        var finished = await grain.GetView();
        Assert.Equal((BattlePhase.Finished, a), (finished.Phase, finished.Result?.WinnerId));
    }

    /// <summary>
    /// A battle whose activation lives on <paramref name="silo"/>. Placement picks a silo per battle, and a silo that
    /// has only just joined may get none for a moment, so the battle is started through that silo and tried again.
    /// </summary>
    private static async Task<(string Battle, string A, string B)> BattleOnAsync(TestCluster cluster, int silo)
    {
        var management = cluster.Grains(0).GetGrain<IManagementGrain>(0);
        for (var attempt = 0; attempt < 40; attempt++)
        {
            var created = await Duelists.BattleAsync(cluster, silo: silo);
            var at = await management.GetActivationAddress(cluster.Grains(silo).GetGrain<IBattleGrain>(created.Battle));
            if (at == cluster.Silos[silo].SiloAddress)
            {
                return created;
            }

            await Task.Delay(250);
        }

        throw new InvalidOperationException($"no battle of 40 was placed on silo {silo}");
    }

    /// <summary>Kills silo 1, where the battle lives, and waits for the battle's view from its next activation.</summary>
    private static async Task<BattleView> AfterItsSiloDiedAsync(TestCluster cluster, IBattleGrain grain, string battle)
    {
        await cluster.KillSiloAsync(1);
        return await Duelists.EventuallyAsync(() => Reachable(grain.GetView()), v => v is not null, 60)
            ?? throw new TimeoutException($"battle {battle} did not come back within 60 s");
    }

    /// <summary>Null while the dead silo's activation is still in the directory (its calls fail until then).</summary>
    private static async Task<BattleView?> Reachable(Task<BattleView> read)
    {
        try
        {
            return await read;
        }
        catch (Exception e) when (e is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException)
        {
            return null;
        }
    }
}
