using Microsoft.Extensions.Logging;

namespace Duel.Grains.Battles;

/// <summary>
/// A submission waiting for its verdict lives in memory: its job row is its stored record. Writing the battle
/// for it cost one commit per judge job (half of the grain writes at a human pace), and the verdict's write
/// that follows stores it anyway. What a crash loses in between, the next activation reads back.
/// </summary>
public sealed partial class BattleGrain
{
    /// <summary>
    /// How many events may go unstored, and how far the next activation moves the stream's numbers past the
    /// stored ones. Each player has at most one pending run and one pending submission (JudgingInProgress),
    /// so four submission events are the most between two writes; past this bound the state is written.
    /// </summary>
    internal const int UnstoredEventsAtMost = 8;

    /// <summary>
    /// Pending submissions appended to a running battle, and nothing else, are not written. A ghost's have no job
    /// to be read back from, so they are.
    /// </summary>
    protected override bool MustStore(BattleState stored, BattleState current)
    {
        var added = current.Submissions.Count - stored.Submissions.Count;
        return !(stored.Phase == BattlePhase.Active && added > 0
                 && current.EventSeq - stored.EventSeq <= UnstoredEventsAtMost
                 && Equals(stored, current with { Submissions = stored.Submissions, EventSeq = stored.EventSeq })
                 && current.Submissions.Take(stored.Submissions.Count).SequenceEqual(stored.Submissions)
                 && current.Submissions.Skip(stored.Submissions.Count)
                     .All(s => s.Status == SubmissionStatus.Pending && s.PlayerId != GhostSource.SideId));
    }

    /// <summary>
    /// A running battle's jobs that its stored state does not name were pending submissions of an activation that
    /// crashed: they come back as pending, so the "still being judged" guard, the deadline's judging grace and
    /// <see cref="ApplyVerdict"/> see them. That activation may also have published their events, so the stream's
    /// numbers move past anything it could have used: a viewer sees a gap and reads the battle again, never
    /// a number reused for another event.
    /// </summary>
    protected override async Task<BattleState> RecoverAsync(BattleState stored)
    {
        if (stored.Phase != BattlePhase.Active)
        {
            return stored;
        }

        var known = stored.Submissions.Select(s => s.JobId).ToHashSet();
        var lost = (await Services.Jobs.OpenJobsAsync("battle", Key))
            .Where(j => !known.Contains(j.Id) && stored.Players.Exists(p => p.Id == j.SubmittedBy))
            .Select(j => new Submission(j.Id, j.Id, j.SubmittedBy, j.Mode == "submit" ? SubmissionKind.Submit : SubmissionKind.Run, j.CreatedAt))
            .ToList();
        if (lost.Count == 0)
        {
            return stored;
        }

        logger.LogInformation("Battle {BattleId}: {Count} pending submission(s) a crash left unstored came back from their jobs", Key, lost.Count);
        return stored with { Submissions = stored.Submissions.AddRange(lost), EventSeq = stored.EventSeq + UnstoredEventsAtMost };
    }
}
