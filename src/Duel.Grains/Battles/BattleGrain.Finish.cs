using Duel.Grains.Players;
using Duel.Grains.Rating;

namespace Duel.Grains.Battles;

/// <summary>
/// The finish: both ratings, records and activities, the history row and the event, all in the
/// deciding turn. The phase guard makes it happen once: a later turn finds the battle Finished.
/// </summary>
public sealed partial class BattleGrain
{
    private async Task Finish(BattleOutcome outcome, string? winnerId, string reason)
    {
        var (a, b) = (S.Players[0], S.Players[1]);
        await context.LockAsync<IPlayerGrain>([a.Id, b.Id]);
        var profileA = await Player(a.Id).GetProfile();
        var profileB = await Player(b.Id).GetProfile();
        var before = (A: Rated(profileA), B: Rated(profileB));
        var isVoid = winnerId is null && outcome == BattleOutcome.Abandoned;
        var scoreA = winnerId == a.Id ? GameResult.Win : winnerId == b.Id ? GameResult.Loss : GameResult.Draw;
        var after = isVoid
            ? before
            : (A: Glicko2.Update(before.A, [new GameResult(before.B, scoreA)]),
               B: Glicko2.Update(before.B, [new GameResult(before.A, 1 - scoreA)]));

        await ApplyTo(a.Id, after.A, isVoid, winnerId, reason);
        await ApplyTo(b.Id, after.B, isVoid, winnerId, reason);

        var ratings = new List<RatingChange>
        {
            new(a.Id, before.A.Rating, after.A.Rating, before.A.Deviation, after.A.Deviation),
            new(b.Id, before.B.Rating, after.B.Rating, before.B.Deviation, after.B.Deviation),
        };
        var result = new BattleResultView(outcome, winnerId, reason, ratings);
        foreach (var player in S.Players.Where(p => p.GraceDeadline is not null))
        {
            context.ClearReminder(GracePrefix + player.Id);
        }

        state.State = S with
        {
            Phase = BattlePhase.Finished,
            FinishedAt = context.Now,
            Result = result,
            Players = [.. S.Players.Select(p => p with { DisconnectedAt = null, GraceDeadline = null })],
        };
        context.ClearReminder(DeadlineReminder);
        context.Record(new BattleFinished(
            context.Key, S.Challenge, a.Id, b.Id, winnerId, outcome, reason,
            before.A.Rating, after.A.Rating, before.A.Deviation, after.A.Deviation,
            before.B.Rating, after.B.Rating, before.B.Deviation, after.B.Deviation,
            S.StartedAt, context.Now));
        context.Publish(BattleEvents.Finished, new FinishedEvent(outcome, winnerId, reason, ratings));
        LogFinished(outcome, winnerId, reason);
    }

    private async Task ApplyTo(string playerId, GlickoRating rating, bool isVoid, string? winnerId, string reason)
    {
        var outcome = isVoid ? PlayerOutcome.Void
            : winnerId is null ? PlayerOutcome.Draw
            : winnerId == playerId ? PlayerOutcome.Win
            : PlayerOutcome.Loss;
        var solved = reason == "solved" && winnerId == playerId ? S.Challenge : null;
        var applied = await Player(playerId).FinishBattle(new PlayerBattleResult(
            context.Key, outcome, rating.Rating, rating.Deviation, rating.Volatility, solved));
        if (!applied.Succeeded)
        {
            throw new InvalidOperationException($"player {playerId} refused the finish of battle {context.Key}: {applied.Message}");
        }
    }

    private static GlickoRating Rated(PlayerProfile profile) => new(profile.Rating, profile.Deviation, profile.Volatility);
}
