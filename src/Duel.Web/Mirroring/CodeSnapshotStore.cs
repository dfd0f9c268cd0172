using Dapper;
using Npgsql;

namespace Duel.Web.Mirroring;

/// <summary>
/// The latest snapshot per player and battle. Keystrokes touch only memory; snapshots accepted on
/// this node are marked dirty and written in batches by <see cref="SnapshotFlusher"/>, so the
/// database sees at most one write per player per flush. Snapshots relayed from other nodes are
/// kept in memory only (their own node writes them).
/// </summary>
public sealed class CodeSnapshotStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Battle, string Player), Entry> _latest = [];

    private sealed record Entry(CodeSnapshot Snapshot, bool Dirty, DateTimeOffset Touched);

    /// <summary>Keeps the snapshot when it is newer than what this node has; false for a stale one.</summary>
    public bool Offer(CodeSnapshot snapshot, bool persist)
    {
        lock (_gate)
        {
            var key = (snapshot.BattleId, snapshot.PlayerId);
            if (_latest.TryGetValue(key, out var current) && current.Snapshot.Seq >= snapshot.Seq) return false;
            _latest[key] = new Entry(snapshot, persist || (current?.Dirty ?? false), clock.GetUtcNow());
            return true;
        }
    }

    /// <summary>The dirty snapshots, marked clean; a newer offer after this call is dirty again.</summary>
    public IReadOnlyList<CodeSnapshot> TakeDirty()
    {
        lock (_gate)
        {
            var dirty = _latest.Where(e => e.Value.Dirty).ToList();
            foreach (var (key, entry) in dirty) _latest[key] = entry with { Dirty = false };
            return dirty.Select(e => e.Value.Snapshot).ToList();
        }
    }

    /// <summary>After a failed write: marks the batch dirty again unless a newer snapshot replaced it.</summary>
    public void Restore(IEnumerable<CodeSnapshot> snapshots)
    {
        lock (_gate)
        {
            foreach (var s in snapshots)
            {
                var key = (s.BattleId, s.PlayerId);
                if (_latest.TryGetValue(key, out var current) && current.Snapshot.Seq == s.Seq)
                    _latest[key] = current with { Dirty = true };
            }
        }
    }

    /// <summary>Forgets clean entries untouched for <paramref name="age"/> (finished or idle battles).</summary>
    public void Evict(TimeSpan age)
    {
        var cutoff = clock.GetUtcNow() - age;
        lock (_gate)
        {
            foreach (var key in _latest.Where(e => !e.Value.Dirty && e.Value.Touched < cutoff).Select(e => e.Key).ToList())
                _latest.Remove(key);
        }
    }

    /// <summary>Both players' latest code: the newer of this node's memory and the database.</summary>
    public async Task<IReadOnlyDictionary<string, CodeSnapshot>> LatestAsync(string battleId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(string PlayerId, long Seq, string Code)>(new CommandDefinition(
            """
            select player_id, seq, code from code_snapshots where battle_id = @battleId
            """, new { battleId }, cancellationToken: ct));
        var result = rows.ToDictionary(r => r.PlayerId, r => new CodeSnapshot(battleId, r.PlayerId, r.Seq, r.Code));
        lock (_gate)
        {
            foreach (var (key, entry) in _latest.Where(e => e.Key.Battle == battleId))
            {
                if (!result.TryGetValue(key.Player, out var stored) || stored.Seq < entry.Snapshot.Seq)
                    result[key.Player] = entry.Snapshot;
            }
        }
        return result;
    }

    /// <summary>One statement for the batch; an older snapshot never overwrites a newer one.</summary>
    public async Task WriteAsync(IReadOnlyList<CodeSnapshot> snapshots, CancellationToken ct)
    {
        if (snapshots.Count == 0) return;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into code_snapshots (battle_id, player_id, seq, code, updated_at)
            select b, p, s, c, now() from unnest(@battles, @players, @seqs, @codes) as t(b, p, s, c)
            on conflict (battle_id, player_id) do update
                set seq = excluded.seq, code = excluded.code, updated_at = excluded.updated_at
                where code_snapshots.seq < excluded.seq
            """,
            new
            {
                battles = snapshots.Select(s => s.BattleId).ToArray(),
                players = snapshots.Select(s => s.PlayerId).ToArray(),
                seqs = snapshots.Select(s => s.Seq).ToArray(),
                codes = snapshots.Select(s => s.Code).ToArray(),
            }, cancellationToken: ct));
    }
}
