namespace Duel.Grains.Battles;

/// <summary>
/// Read-model fact: one row of the relational <c>battles</c> history (leaderboard, rating history,
/// head-to-head), recorded in the finishing turn. Ratings are equal before and after when the
/// battle was void.
/// </summary>
public sealed record BattleFinished(
    string Id,
    string Challenge,
    string PlayerA,
    string PlayerB,
    string? WinnerId,
    BattleOutcome Outcome,
    string Reason,
    double RatingABefore,
    double RatingAAfter,
    double DeviationABefore,
    double DeviationAAfter,
    double RatingBBefore,
    double RatingBAfter,
    double DeviationBBefore,
    double DeviationBAfter,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt);
