using Dapper;
using Npgsql;

namespace Duel.Web.Mirroring;

/// <summary>
/// The latest snapshot per player and battle, and the timeline for replays. Keystrokes touch only
/// memory; snapshots accepted on this node are marked dirty and written in batches by
/// <see cref="SnapshotFlusher"/> (<see cref="CodeSnapshotWriter"/>), so the database sees one
/// statement per flush. Snapshots relayed from other nodes are kept in memory only (their own node writes them).
/// </summary>
public sealed class CodeSnapshotStore(NpgsqlDataSource dataSource, TimeProvider clock, int timelineLimit = CodeSnapshotStore.DefaultTimelineLimit)
{
    public const int DefaultTimelineLimit = 2000;

    /// <summary>How long after the finish a player's code is still taken: the last keystrokes' debounced snapshot.</summary>
    public static readonly TimeSpan FinalGrace = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Battle, string Player), Entry> _latest = [];
    private readonly Dictionary<(string Battle, string Player), List<TimedSnapshot>> _timeline = [];
    private readonly Dictionary<string, DateTimeOffset> _closedAfter = [];

    private sealed record Entry(CodeSnapshot Snapshot, bool Dirty, DateTimeOffset Touched);

    public int TimelineLimit => timelineLimit;

    /// <summary>
    /// The battle finished: from <paramref name="after"/> on, its players' code is final and no longer
    /// taken, so a replay's (and a ghost's) final code is what stood at the finish.
    /// </summary>
    public void Close(string battleId, DateTimeOffset after)
    {
        lock (_gate) _closedAfter[battleId] = after;
    }

    public bool IsClosed(string battleId)
    {
        lock (_gate) return _closedAfter.TryGetValue(battleId, out var after) && clock.GetUtcNow() > after;
    }

    /// <summary>Keeps the snapshot when it is newer than what this node has; false for a stale one.</summary>
    public bool Offer(CodeSnapshot snapshot, bool persist)
    {
        lock (_gate)
        {
            var key = (snapshot.BattleId, snapshot.PlayerId);
            if (_latest.TryGetValue(key, out var current) && current.Snapshot.Seq >= snapshot.Seq) return false;
            var now = clock.GetUtcNow();
            _latest[key] = new Entry(snapshot, persist || (current?.Dirty ?? false), now);
            if (persist) AddToTimeline(key, [new TimedSnapshot(snapshot, now)]);
            return true;
        }
    }

    /// <summary>The dirty snapshots and the timeline since the last take; a newer offer after this call is dirty again.</summary>
    public SnapshotBatch TakeDirty()
    {
        lock (_gate)
        {
            var dirty = _latest.Where(e => e.Value.Dirty).ToList();
            foreach (var (key, entry) in dirty) _latest[key] = entry with { Dirty = false };
            var timeline = _timeline.Values.SelectMany(t => t).ToList();
            _timeline.Clear();
            return new SnapshotBatch([.. dirty.Select(e => e.Value.Snapshot)], timeline);
        }
    }

    /// <summary>After a failed write: marks the batch dirty again unless a newer snapshot replaced it; the timeline goes back.</summary>
    public void Restore(SnapshotBatch batch)
    {
        lock (_gate)
        {
            foreach (var s in batch.Latest)
            {
                var key = (s.BattleId, s.PlayerId);
                if (_latest.TryGetValue(key, out var current) && current.Snapshot.Seq == s.Seq)
                    _latest[key] = current with { Dirty = true };
            }
            foreach (var group in batch.Timeline.GroupBy(t => (t.Snapshot.BattleId, t.Snapshot.PlayerId)))
                AddToTimeline(group.Key, [.. group]);
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
            foreach (var battle in _closedAfter.Where(c => c.Value < cutoff).Select(c => c.Key).ToList())
                _closedAfter.Remove(battle);
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

    /// <summary>Writes a batch (see <see cref="CodeSnapshotWriter"/>).</summary>
    public Task WriteAsync(SnapshotBatch batch, CancellationToken ct) => CodeSnapshotWriter.WriteAsync(dataSource, batch, timelineLimit, ct);

    // Bounded while the database is away too: the same thinning as the table's, never the newest.
    private void AddToTimeline((string, string) key, IReadOnlyList<TimedSnapshot> steps)
    {
        if (!_timeline.TryGetValue(key, out var pending)) _timeline[key] = pending = [];
        pending.AddRange(steps);
        pending.Sort((x, y) => x.Snapshot.Seq.CompareTo(y.Snapshot.Seq));
        if (pending.Count > timelineLimit) _timeline[key] = Thin(pending);
    }

    /// <summary>Drops every second entry of the older half; the first and the last always stay.</summary>
    public static List<T> Thin<T>(IReadOnlyList<T> steps) =>
        [.. steps.Where((_, i) => (i + 1) % 2 == 1 || i + 1 > steps.Count / 2)];
}
