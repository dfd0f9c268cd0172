namespace Duel.Grains.Battles;

/// <summary>
/// Practice against a ghost. The ghost's recorded steps are played from the battle's own state and the
/// battle reminder: whatever is due (by offset from the start) is applied when the reminder or its timer
/// fires, so a battle reactivated on another silo catches up to the same point. The ghost's verdicts go
/// through the same path as a sandbox's, so the ghost wins exactly as a player would.
/// </summary>
public sealed partial class BattleGrain
{
    private TimeSpan Elapsed => Now - S.StartedAt;

    private static string GhostSubmissionId(int step) => $"ghost-{step}";

    /// <summary>Adds each due submission of the ghost and lands each due verdict, in recorded order.</summary>
    private async Task AdvanceGhost()
    {
        if (S.Ghost is not { } ghost)
        {
            return;
        }

        for (var i = 0; i < ghost.Steps.Count && S.Phase == BattlePhase.Active; i++)
        {
            var step = ghost.Steps[i];
            if (step.SubmittedAfter > Elapsed)
            {
                break;
            }

            var id = GhostSubmissionId(i);
            var index = S.Submissions.FindIndex(s => s.Id == id);
            if (index < 0)
            {
                var submission = new Submission(id, id, GhostSource.SideId, step.Kind, S.StartedAt + step.SubmittedAfter);
                State = S with { Submissions = S.Submissions.Add(submission) };
                Publish(BattleEvents.Submission, new SubmissionEvent(id, GhostSource.SideId, step.Kind, submission.SubmittedAt));
                index = S.Submissions.Count - 1;
            }

            if (S.Submissions[index].Status == SubmissionStatus.Pending && step.JudgedAfter <= Elapsed)
            {
                await ApplyJudged(index, new VerdictSummary(step.Verdict, step.Passed, step.Total, step.Message, null, []));
            }
        }
    }

    /// <summary>When the battle reminder must fire next: the deadline, or the ghost's next step if sooner.</summary>
    private DateTimeOffset NextWake()
    {
        var next = S.Deadline;
        if (S.Ghost is not { } ghost)
        {
            return next;
        }

        for (var i = 0; i < ghost.Steps.Count; i++)
        {
            var step = ghost.Steps[i];
            var made = S.Submissions.Find(s => s.Id == GhostSubmissionId(i));
            var due = made is null ? step.SubmittedAfter : made.Status == SubmissionStatus.Pending ? step.JudgedAfter : TimeSpan.MaxValue;
            if (due != TimeSpan.MaxValue && S.StartedAt + due < next)
            {
                next = S.StartedAt + due;
            }
        }

        return next;
    }
}
