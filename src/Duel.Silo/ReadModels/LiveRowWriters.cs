using Duel.Grains.Battles;
using Duel.Grains.Matchmaking;
using Npgsql;

namespace Duel.Silo.ReadModels;

/// <summary>
/// Adds a running battle to <c>live_battles</c> (its history row's writer removes it). A relaxed commit: the
/// list is for display, and the battle's next ordinary commit (a submission, its finish) covers the row.
/// </summary>
public sealed class LiveBattleWriter : IReadModelWriter<BattleStarted>
{
    private const string Insert = """
        insert into live_battles (id, challenge, player_a, player_b, started_at, deadline)
        values ($1, $2, $3, $4, $5, $6)
        on conflict (id) do nothing
        returning 1
        """;

    public string Sql => Insert;

    public NpgsqlParameter[] Parameters(BattleStarted fact) =>
    [
        new() { Value = fact.Id },
        new() { Value = fact.Challenge },
        new() { Value = fact.PlayerA },
        new() { Value = fact.PlayerB },
        new() { Value = fact.StartedAt },
        new() { Value = fact.Deadline },
    ];

    public bool Relaxed => true;
}

/// <summary>Upserts a queue's length in <c>queue_waiting</c>: a display count, so a relaxed commit (the next change rewrites it).</summary>
public sealed class QueueWaitingWriter : IReadModelWriter<QueueChanged>
{
    private const string Upsert = """
        insert into queue_waiting (queue, waiting, updated_at) values ($1, $2, now())
        on conflict (queue) do update set waiting = excluded.waiting, updated_at = excluded.updated_at
        returning 1
        """;

    public string Sql => Upsert;

    public NpgsqlParameter[] Parameters(QueueChanged fact) => [new() { Value = fact.Queue }, new() { Value = fact.Waiting }];

    public bool Relaxed => true;
}
