using System.Collections.Immutable;
using Npgsql;

namespace Duel.Web.Observability;

/// <summary>The SQL behind the cluster-wide metrics.</summary>
internal static class ClusterQueries
{
    /// <summary>A turn's applied_at is its transaction's start; commits may land this much later.</summary>
    public static readonly TimeSpan CommitLag = TimeSpan.FromSeconds(2);

    // Live read models (migration 009_live_views), written by the grains after they store their state.
    private const string ActiveBattlesSql = """
        select count(*) from live_battles
        """;

    private const string QueueSizesSql = """
        select queue, waiting::bigint from queue_waiting
        """;

    // Two arms that each match a partial index (jobs_claimable, jobs_unapplied): `status <> 'applied'`
    // matched neither and scanned every job ever run, on every node every few seconds.
    internal const string JobCountsSql = """
        select count(*) filter (where status = 'queued'),
               count(*) filter (where status = 'running'),
               count(*) filter (where status = 'done'),
               now(),
               to_regclass('live_battles') is not null,
               to_regclass('queue_waiting') is not null
        from jobs
        where status in ('queued', 'running') or status = 'done'
        """;

    // jobs_applied (migration 011) serves the cursor.
    internal const string AppliedSinceSql = """
        with bounds as (select now() - @lag as until)
        select extract(epoch from (j.applied_at - j.created_at)) * 1000, b.until
        from bounds b
        left join jobs j on j.status = 'applied' and j.applied_at > @since and j.applied_at <= b.until
                        and j.queue = 'judge'
        """;

    private const long LeaderLockKey = 0x4475_656c_4d65_7472; // "DuelMetr"

    public static async Task<ClusterSnapshot> ReadSnapshotAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        long queued, running, done;
        DateTimeOffset at;
        bool hasBattles, hasTickets;
        await using (var command = new NpgsqlCommand(JobCountsSql, connection))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            (queued, running, done) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            at = reader.GetFieldValue<DateTimeOffset>(3);
            (hasBattles, hasTickets) = (reader.GetBoolean(4), reader.GetBoolean(5));
        }
        var active = hasBattles ? await ScalarAsync(connection, ActiveBattlesSql, ct) : 0;
        var queues = ImmutableDictionary.CreateBuilder<string, long>();
        if (hasTickets)
        {
            await using var command = new NpgsqlCommand(QueueSizesSql, connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                queues[reader.GetString(0)] = reader.GetInt64(1);
            }
        }
        return new ClusterSnapshot(at, active, queues.ToImmutable(), queued, running, done);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct));
    }

    public static async Task<bool> TryTakeLeaderLockAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("select pg_try_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", LeaderLockKey);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Records verdicts applied after <paramref name="since"/>; returns the new cursor.</summary>
    public static async Task<DateTime> RecordVerdictLatenciesAsync(
        NpgsqlConnection connection, DateTime since, Action<double> record, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(AppliedSinceSql, connection);
        command.Parameters.AddWithValue("lag", CommitLag);
        command.Parameters.AddWithValue("since", DateTime.SpecifyKind(since, DateTimeKind.Utc));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var until = since;
        while (await reader.ReadAsync(ct))
        {
            until = reader.GetFieldValue<DateTime>(1);
            if (!reader.IsDBNull(0))
            {
                record(reader.GetDouble(0));
            }
        }
        return until > since ? until : since;
    }
}
