using Microsoft.Extensions.Logging;

namespace Duel.Grains.Battles;

/// <summary>
/// One structured log line per lifecycle event, written after commit on the node that ran the turn,
/// so a retried attempt or a second web node never repeats it and a rolled-back turn never claims it.
/// </summary>
public sealed partial class BattleGrain
{
    private void LogCreated()
    {
        var (battleId, challenge, queue, rematchOf) = (Key, S.Challenge, S.Queue, S.RematchOf);
        var (a, b) = (S.Players[0].Name, S.Players[1].Name);
        AfterCommit(() =>
        {
            if (rematchOf is null)
            {
                logger.LogInformation("Match created: {PlayerA} vs {PlayerB} on {Challenge} (battle {BattleId}, queue {Queue})",
                    a, b, challenge, battleId, queue);
            }
            else
            {
                logger.LogInformation("Match created: {PlayerA} vs {PlayerB} on {Challenge} (battle {BattleId}, rematch of {RematchOf})",
                    a, b, challenge, battleId, rematchOf);
            }
        });
    }

    private void LogSubmission(Submission submission)
    {
        var (battleId, name, kind) = (Key, NameOf(submission.PlayerId), KindName(submission.Kind));
        AfterCommit(() => logger.LogInformation(
            "Submission: {PlayerName} {Kind} in battle {BattleId} (submission {SubmissionId})",
            name, kind, battleId, submission.Id));
    }

    private void LogVerdict(Submission judged)
    {
        var (battleId, name, kind) = (Key, NameOf(judged.PlayerId), KindName(judged.Kind));
        AfterCommit(() => logger.LogInformation(
            "Verdict: {PlayerName} {Kind} {Verdict} {Passed}/{Total} in battle {BattleId} (submission {SubmissionId})",
            name, kind, judged.Verdict, judged.Passed, judged.Total, battleId, judged.Id));
    }

    private void LogFinished(BattleOutcome outcome, string? winnerId, string reason)
    {
        var (battleId, a, b) = (Key, S.Players[0].Name, S.Players[1].Name);
        var winner = winnerId is null ? "none" : NameOf(winnerId);
        AfterCommit(() => logger.LogInformation(
            "Battle finished: {Outcome}, winner {Winner} ({Reason}) in battle {BattleId} ({PlayerA} vs {PlayerB})",
            outcome, winner, reason, battleId, a, b));
    }

    private string NameOf(string playerId) => S.Players.Find(p => p.Id == playerId)?.Name ?? playerId;

    private static string KindName(SubmissionKind kind) => kind == SubmissionKind.Submit ? "submit" : "run";
}
