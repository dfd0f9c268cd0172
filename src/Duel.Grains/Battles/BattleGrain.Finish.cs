using Duel.Grains.Players;
using Duel.Grains.Rating;

namespace Duel.Grains.Battles;

/// <summary>
/// The finish protocol. The deciding call stores the outcome with both new ratings and the list of
/// players still to be told, with the battle reminder set as a backstop; only then are the history
/// row and the players updated, each idempotently (a player applies a battle's result once, keyed by
/// battle id). A crash part-way leaves the stored list, and the reminder re-delivers until it is empty.
/// The phase guard makes the decision itself happen once.
/// </summary>
public sealed partial class BattleGrain
{
    private static readonly TimeSpan RedeliveryDelay = TimeSpan.FromSeconds(10);

    private async Task Finish(BattleOutcome outcome, string? winnerId, string reason)
    {
        var (a, b) = (S.Players[0], S.Players[1]);
        var before = (A: Rated(a), B: Rated(b));
        var isVoid = winnerId is null && outcome == BattleOutcome.Abandoned;
        var scoreA = winnerId == a.Id ? GameResult.Win : winnerId == b.Id ? GameResult.Loss : GameResult.Draw;
        var after = isVoid || S.Casual
            ? before
            : (A: Glicko2.Update(before.A, [new GameResult(before.B, scoreA)]),
               B: Glicko2.Update(before.B, [new GameResult(before.A, 1 - scoreA)]));

        var ratings = new List<RatingChange>
        {
            new(a.Id, before.A.Rating, after.A.Rating, before.A.Deviation, after.A.Deviation),
            new(b.Id, before.B.Rating, after.B.Rating, before.B.Deviation, after.B.Deviation),
        };
        foreach (var player in S.Players.Where(p => p.GraceDeadline is not null))
        {
            ClearReminder(GracePrefix + player.Id);
        }

        State = S with
        {
            Phase = BattlePhase.Finished,
            FinishedAt = Now,
            Result = new BattleResultView(outcome, winnerId, reason, [.. ratings]),
            Players = [.. S.Players.Select(p => p with { DisconnectedAt = null, GraceDeadline = null })],
            PendingResults = S.Ghost is null
                ? [ResultFor(a.Id, after.A, isVoid, winnerId, reason), ResultFor(b.Id, after.B, isVoid, winnerId, reason)]
                : [ResultFor(a.Id, after.A, isVoid: true, winnerId, reason) with { Solved = null }],
            // Practice leaves no trace in ratings, records or history: only the player's release is pending.
            HistoryRecorded = S.Ghost is not null,
        };
        SetReminder(BattleReminder, Now + RedeliveryDelay);
        Publish(BattleEvents.Finished, new FinishedEvent(outcome, winnerId, reason, ratings));
        LogFinished(outcome, winnerId, reason);
        await CommitAsync();
        await DeliverResults();
    }

    /// <summary>Writes the history row and tells each pending player; clears the reminder when all is done.</summary>
    private async Task DeliverResults()
    {
        // All at once: the row and each player are applied idempotently and independently, and the
        // stored list (with the reminder) keeps whatever a failure or crash leaves undone.
        var result = S.Result!;
        var history = S.HistoryRecorded ? Task.CompletedTask : RecordHistory(result);
        var pending = S.PendingResults;
        var applied = pending.Select(p => Player(p.PlayerId).FinishBattle(p)).ToList();
        await Task.WhenAll(applied.Append(history));
        State = S with { HistoryRecorded = true };
        for (var i = 0; i < pending.Count; i++)
        {
            if (!applied[i].Result.Succeeded)
            {
                throw new InvalidOperationException(
                    $"player {pending[i].PlayerId} refused the finish of battle {Key}: {applied[i].Result.Message}");
            }

            State = S with { PendingResults = S.PendingResults.Remove(pending[i]) };
        }

        ClearReminder(BattleReminder);
        RetireWhenDone();
    }

    private Task RecordHistory(BattleResultView result)
    {
        var (a, b) = (result.Ratings[0], result.Ratings[1]);
        return Services.ReadModels.RecordAsync(new BattleFinished(
            Key, S.Challenge, a.PlayerId, b.PlayerId, result.WinnerId, result.Outcome, result.Reason,
            a.RatingBefore, a.RatingAfter, a.DeviationBefore, a.DeviationAfter,
            b.RatingBefore, b.RatingAfter, b.DeviationBefore, b.DeviationAfter,
            S.StartedAt, S.FinishedAt!.Value));
    }

    private PlayerBattleResult ResultFor(string playerId, GlickoRating after, bool isVoid, string? winnerId, string reason)
    {
        var outcome = isVoid ? PlayerOutcome.Void
            : winnerId is null ? PlayerOutcome.Draw
            : winnerId == playerId ? PlayerOutcome.Win
            : PlayerOutcome.Loss;
        var solved = reason == "solved" && winnerId == playerId ? S.Challenge : null;
        return new PlayerBattleResult(Key, playerId, outcome, after.Rating, after.Deviation, after.Volatility, solved);
    }

    private static GlickoRating Rated(BattlePlayer player) => new(player.Rating, player.Deviation, player.Volatility);
}
