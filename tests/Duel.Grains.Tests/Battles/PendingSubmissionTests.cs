using Duel.Grains.Battles;
using Duel.Grains.Tests.Players;
using Duel.Testing;

namespace Duel.Grains.Tests.Battles;

/// <summary>
/// A submission waiting for its verdict is not written: its job row is its record. The verdict's write stores it,
/// and a silo that dies in between leaves it to the battle's next activation, which reads it back from the job.
/// </summary>
public sealed class PendingSubmissionTests(BattleFixture fixture) : IClassFixture<BattleFixture>
{
    private const int PalindromeTests = 13;

    [Fact]
    public async Task A_pending_submission_is_not_written_and_the_verdict_that_follows_stores_it()
    {
        var cluster = fixture.Cluster;
        var (battle, a, b) = await Duelists.BattleAsync(cluster);
        var grain = cluster.Grains(0).GetGrain<IBattleGrain>(battle);
        var started = await Verdicts.VersionAsync(cluster, "battle", battle);
        var seq = (await grain.GetView()).Seq;

        var submitted = await grain.Submit(a, "def is_palindrome(s):\n    return True\n");
        var ran = await grain.Run(b, "def is_palindrome(s):\n    return False\n");
        Assert.Equal((BattleCommandStatus.Ok, BattleCommandStatus.Ok), (submitted.Status, ran.Status));
        Assert.Equal(started, await Verdicts.VersionAsync(cluster, "battle", battle));
        Assert.Equal(seq + 2, (await grain.GetView()).Seq);

        Assert.Equal(BattleCommandStatus.Ok, (await grain.ApplyVerdict(ran.SubmissionId!, Verdicts.Failed(1, 3))).Status);
        Assert.Equal(started + 1, await Verdicts.VersionAsync(cluster, "battle", battle));

        // Collected and activated again: the stored state holds both, the submission still pending.
        await cluster.Grains(0).GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var view = await grain.GetView();
        Assert.Equal(started + 1, await Verdicts.VersionAsync(cluster, "battle", battle));
        Assert.Equal(seq + 3, view.Seq);
        Assert.Equal(SubmissionStatus.Pending, view.Submissions.Single(s => s.Id == submitted.SubmissionId).Status);
        Assert.Equal(SubmissionStatus.Judged, view.Submissions.Single(s => s.Id == ran.SubmissionId).Status);
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

        await cluster.KillSiloAsync(1);
        var view = await Duelists.EventuallyAsync(() => Reachable(grain.GetView()), v => v is not null, 60)
            ?? throw new TimeoutException($"battle {battle} did not come back within 60 s");

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
