using System.Text.Json;

namespace Duel.Grains.Battles;

/// <summary>Verdicts and the deadline decision.</summary>
public sealed partial class BattleGrain
{
    public async Task<BattleCommandResult> ApplyVerdict(string jobId, JsonElement verdict)
    {
        var index = S.Submissions.FindIndex(s => s.JobId == jobId);
        if (index < 0)
        {
            return new(BattleCommandStatus.UnknownJob, $"Battle {Key} has no job '{jobId}'.");
        }

        var submission = S.Submissions[index];
        if (submission.Status == SubmissionStatus.Judged)
        {
            return new(BattleCommandStatus.AlreadyApplied, "This verdict was applied already.", submission.Id);
        }

        await ApplyJudged(index, VerdictReader.Read(verdict));
        return new(BattleCommandStatus.Ok, "Verdict applied.", submission.Id);
    }

    /// <summary>Records a verdict (a sandbox's, or a ghost's recorded one) and decides the battle when it can.</summary>
    private async Task ApplyJudged(int index, VerdictSummary summary)
    {
        var submission = S.Submissions[index];
        var judged = Judged(submission, summary, Now);
        var counts = submission.Kind == SubmissionKind.Submit && S.Phase == BattlePhase.Active;
        State = S with
        {
            Submissions = S.Submissions.SetItem(index, judged),
            Players = counts ? UpdatePlayer(judged.PlayerId, p => p with { BestPassed = Math.Max(p.BestPassed, judged.Passed) }) : S.Players,
        };
        Publish(BattleEvents.Verdict, new VerdictEvent(
            judged.Id, judged.PlayerId, judged.Kind, summary.Status, summary.Passed, summary.Total,
            [.. S.Players.Select(p => new PlayerProgress(p.Id, p.BestPassed, S.TotalTests))]));
        LogVerdict(judged);

        if (counts && summary.PassedAll)
        {
            await Finish(BattleOutcome.Won, judged.PlayerId, "solved");
        }
        else if (S.Phase == BattlePhase.Active && Now >= S.Deadline && !HasPendingSubmissions())
        {
            await DecideAtDeadline();
        }
    }

    /// <summary>
    /// At the deadline the better progress wins; submissions made in time but not yet judged get up
    /// to the judging grace before the decision.
    /// </summary>
    private async Task OnDeadline()
    {
        if (Now < S.Deadline)
        {
            SetReminder(BattleReminder, NextWake());
            return;
        }

        var lastCall = S.Deadline + _options.JudgingGrace;
        if (HasPendingSubmissions() && Now < lastCall)
        {
            SetReminder(BattleReminder, lastCall);
            return;
        }

        await DecideAtDeadline();
    }

    private Task DecideAtDeadline()
    {
        var (a, b) = (S.Players[0], S.Players[1]);
        return a.BestPassed == b.BestPassed
            ? Finish(BattleOutcome.Drawn, null, "deadline")
            : Finish(BattleOutcome.Won, a.BestPassed > b.BestPassed ? a.Id : b.Id, "deadline");
    }

    private static Submission Judged(Submission submission, VerdictSummary summary, DateTimeOffset at) => submission with
    {
        Status = SubmissionStatus.Judged,
        Verdict = summary.Status,
        Passed = summary.Passed,
        Total = summary.Total,
        Message = summary.Message,
        ElapsedMs = summary.ElapsedMs,
        Tests = summary.Tests,
        JudgedAt = at,
    };

    private bool HasPendingSubmissions() =>
        S.Submissions.Exists(s => s.Kind == SubmissionKind.Submit && s.Status == SubmissionStatus.Pending);
}
