using Duel.Grains.Runtime;
using Microsoft.Extensions.Logging;

namespace Duel.Grains.Battles;

/// <summary>
/// What a running battle does not write, because a job row records it: a submission waiting for its verdict (its
/// job), and a run's verdict (its applied job). Writing the battle for each cost one commit per judge job, and
/// together they were most of the grain writes at a human pace. A submission's verdict is written: it may decide the
/// battle or change a player's progress. What a crash loses in between, the next activation reads back.
/// </summary>
public sealed partial class BattleGrain
{
    /// <summary>
    /// How many events may go unstored, and how far the next activation moves the stream's numbers past the
    /// stored ones. A submission and a run's verdict are one event each; past this bound the state is written, so
    /// a player who keeps running still causes a write every few runs.
    /// </summary>
    internal const int UnstoredEventsAtMost = 16;

    /// <summary>
    /// A running battle whose only changes are submissions appended pending or runs judged is not written. A ghost's
    /// submissions have no job to be read back from, so they are.
    /// </summary>
    protected override bool MustStore(BattleState stored, BattleState current)
    {
        if (stored.Phase != BattlePhase.Active || current.EventSeq - stored.EventSeq > UnstoredEventsAtMost
            || current.Submissions.Count < stored.Submissions.Count
            || !Equals(stored, current with { Submissions = stored.Submissions, EventSeq = stored.EventSeq }))
        {
            return true;
        }

        var changed = false;
        for (var i = 0; i < current.Submissions.Count; i++)
        {
            var before = i < stored.Submissions.Count ? stored.Submissions[i] : null;
            var now = current.Submissions[i];
            if (ReferenceEquals(before, now))
            {
                continue;
            }

            if (!IsRecordedByItsJob(before, now))
            {
                return true;
            }

            changed = true;
        }

        return !changed;
    }

    private static bool IsRecordedByItsJob(Submission? before, Submission now) =>
        now.PlayerId != GhostSource.SideId
        && (before is null || (before.Id == now.Id && before.Status == SubmissionStatus.Pending))
        && (now.Status == SubmissionStatus.Pending || now.Kind == SubmissionKind.Run);

    /// <summary>
    /// A running battle's jobs that its stored state does not name were pending submissions of an activation that
    /// crashed: they come back as pending, so the "still being judged" guard, the deadline's judging grace and
    /// <see cref="ApplyVerdict"/> see them. Its applied runs that the stored state does not hold as judged come back
    /// judged, with the verdict their job holds. That activation may also have published their events, so the
    /// stream's numbers move past anything it could have used: a viewer sees a gap and reads the battle again, never
    /// a number reused for another event.
    /// </summary>
    protected override async Task<BattleState> RecoverAsync(BattleState stored)
    {
        if (stored.Phase != BattlePhase.Active)
        {
            return stored;
        }

        var submissions = stored.Submissions;
        foreach (var job in await Services.Jobs.UnsettledJobsAsync("battle", Key))
        {
            if (!stored.Players.Exists(p => p.Id == job.SubmittedBy))
            {
                continue;
            }

            var index = submissions.FindIndex(s => s.JobId == job.Id);
            var known = index < 0 ? null : submissions[index];
            if (job.Verdict is { } verdict && known is not { Status: SubmissionStatus.Judged })
            {
                var judged = Judged(known ?? Lost(job), VerdictReader.Read(verdict), job.AppliedAt ?? job.CreatedAt);
                submissions = known is null ? submissions.Add(judged) : submissions.SetItem(index, judged);
            }
            else if (known is null)
            {
                submissions = submissions.Add(Lost(job));
            }
        }

        if (ReferenceEquals(submissions, stored.Submissions))
        {
            return stored;
        }

        logger.LogInformation("Battle {BattleId}: {Count} submission(s) or run verdict(s) a crash left unstored came back from their jobs",
            Key, submissions.Count(s => !stored.Submissions.Contains(s)));
        return stored with { Submissions = submissions, EventSeq = stored.EventSeq + UnstoredEventsAtMost };
    }

    private static Submission Lost(OwnedJob job) =>
        new(job.Id, job.Id, job.SubmittedBy, job.Mode == "submit" ? SubmissionKind.Submit : SubmissionKind.Run, job.CreatedAt);
}
