using Dapper;
using Npgsql;

namespace Duel.Web.Mirroring;

/// <summary>
/// One transaction per flush: the timeline rows, the latest code per player (an older snapshot never
/// overwrites a newer one) with its timeline count, and thinning for any player over the limit
/// (the same rule as <see cref="CodeSnapshotStore.Thin{T}"/>: every second row of the older half).
/// </summary>
public static class CodeSnapshotWriter
{
    public static async Task WriteAsync(NpgsqlDataSource dataSource, SnapshotBatch batch, int limit, CancellationToken ct)
    {
        if (batch.IsEmpty) return;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var steps = batch.Timeline;
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into code_timeline (battle_id, player_id, seq, at, code)
            select b, p, s, a, c from unnest(@battles, @players, @seqs, @ats, @codes) as t(b, p, s, a, c)
            on conflict do nothing
            """,
            new
            {
                battles = steps.Select(t => t.Snapshot.BattleId).ToArray(),
                players = steps.Select(t => t.Snapshot.PlayerId).ToArray(),
                seqs = steps.Select(t => t.Snapshot.Seq).ToArray(),
                ats = steps.Select(t => t.At.UtcDateTime).ToArray(),
                codes = steps.Select(t => t.Snapshot.Code).ToArray(),
            }, transaction, cancellationToken: ct));

        var counts = steps.GroupBy(t => (t.Snapshot.BattleId, t.Snapshot.PlayerId)).ToDictionary(g => g.Key, g => g.Count());
        var latest = batch.Latest;
        var over = (await connection.QueryAsync<(string BattleId, string PlayerId)>(new CommandDefinition(
            """
            with written as (
            insert into code_snapshots (battle_id, player_id, seq, code, updated_at, kept)
            select b, p, s, c, now(), k from unnest(@battles, @players, @seqs, @codes, @kept) as t(b, p, s, c, k)
            on conflict (battle_id, player_id) do update
                set seq = greatest(code_snapshots.seq, excluded.seq),
                    code = case when excluded.seq > code_snapshots.seq then excluded.code else code_snapshots.code end,
                    updated_at = excluded.updated_at,
                    kept = code_snapshots.kept + excluded.kept
            returning battle_id, player_id, kept)
            select battle_id, player_id from written where kept > @limit
            """,
            new
            {
                battles = latest.Select(s => s.BattleId).ToArray(),
                players = latest.Select(s => s.PlayerId).ToArray(),
                seqs = latest.Select(s => s.Seq).ToArray(),
                codes = latest.Select(s => s.Code).ToArray(),
                kept = latest.Select(s => counts.GetValueOrDefault((s.BattleId, s.PlayerId))).ToArray(),
                limit,
            }, transaction, cancellationToken: ct))).ToList();
        var thin = new ThinKeys([.. over.Select(k => k.BattleId)], [.. over.Select(k => k.PlayerId)]);
        if (thin.Battles.Length > 0) await ThinAsync(connection, transaction, thin, ct);
        await transaction.CommitAsync(ct);
    }

    private sealed record ThinKeys(string[] Battles, string[] Players);

    private static async Task ThinAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ThinKeys keys, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            """
            with ranked as (
                select t.battle_id, t.player_id, t.seq,
                       row_number() over (partition by t.battle_id, t.player_id order by t.seq) as n,
                       count(*) over (partition by t.battle_id, t.player_id) as total
                from code_timeline t
                join unnest(@battles, @players) as k(battle_id, player_id) using (battle_id, player_id)
            )
            delete from code_timeline t using ranked r
            where t.battle_id = r.battle_id and t.player_id = r.player_id and t.seq = r.seq
              and r.n % 2 = 0 and r.n <= r.total / 2;

            update code_snapshots s set kept = c.n
            from (select battle_id, player_id, count(*)::int as n
                  from code_timeline join unnest(@battles, @players) as k(battle_id, player_id) using (battle_id, player_id)
                  group by battle_id, player_id) c
            where s.battle_id = c.battle_id and s.player_id = c.player_id
            """, keys, transaction, cancellationToken: ct));
    }
}
