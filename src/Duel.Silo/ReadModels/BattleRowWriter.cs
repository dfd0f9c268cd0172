using Duel.Grains.Battles;
using Npgsql;

namespace Duel.Silo.ReadModels;

/// <summary>
/// Inserts a finished battle into the <c>battles</c> history. A battle finishes once (its phase guard);
/// the row is written again only when a crash interrupted its delivery, and then it is the same row. The
/// same statement takes the battle off <c>live_battles</c>. A relaxed commit: the battle stores that its
/// history is recorded, with an ordinary commit, only after this returns, so a crash before that flush
/// loses both and the battle's reminder writes the row again.
/// </summary>
public sealed class BattleRowWriter : IReadModelWriter<BattleFinished>
{
    private const string Insert = """
        with not_live as (delete from live_battles where id = $1)
        insert into battles (
            id, challenge, player_a, player_b, winner, outcome, reason,
            rating_a_before, rating_a_after, deviation_a_before, deviation_a_after,
            rating_b_before, rating_b_after, deviation_b_before, deviation_b_after,
            started_at, finished_at)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
        on conflict (id) do nothing
        returning 1
        """;

    public string Sql => Insert;

    public NpgsqlParameter[] Parameters(BattleFinished fact) =>
    [
        new() { Value = fact.Id },
        new() { Value = fact.Challenge },
        new() { Value = fact.PlayerA },
        new() { Value = fact.PlayerB },
        new() { Value = (object?)fact.WinnerId ?? DBNull.Value },
        new() { Value = fact.Outcome.ToString().ToLowerInvariant() },
        new() { Value = fact.Reason },
        new() { Value = fact.RatingABefore },
        new() { Value = fact.RatingAAfter },
        new() { Value = fact.DeviationABefore },
        new() { Value = fact.DeviationAAfter },
        new() { Value = fact.RatingBBefore },
        new() { Value = fact.RatingBAfter },
        new() { Value = fact.DeviationBBefore },
        new() { Value = fact.DeviationBAfter },
        new() { Value = fact.StartedAt },
        new() { Value = fact.FinishedAt },
    ];

    public bool Relaxed => true;
}
