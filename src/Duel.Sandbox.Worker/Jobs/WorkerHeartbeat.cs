using System.Text.Json;
using Duel.Hosting;
using Duel.Sandbox.Worker.Sandbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Duel.Sandbox.Worker.Jobs;

/// <summary>
/// Keeps this worker's row in cluster_members (role 'worker') fresh, with its load, and
/// removes it on a clean stop; each beat also reads which workers are live, for the
/// <see cref="WorkerRoster"/>. Until the runtime's migration has created the table the
/// heartbeat is skipped (logged once), never fatal.
/// </summary>
internal sealed class WorkerHeartbeat(
    NpgsqlDataSource db, WorkerIdentity identity, WorkerRoster roster, JudgeWorkerService worker, IOptions<SandboxOptions> sandbox,
    IOptions<WorkerOptions> options, ILogger<WorkerHeartbeat> logger) : BackgroundService
{
    private const string UndefinedTable = "42P01";
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
    private bool _warned;

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        await PeriodicLoop.RunAsync(TimeSpan.FromSeconds(options.Value.HeartbeatSeconds), BeatAsync, logger, "Heartbeat",
            runAtStart: true, stop);
        await ExecuteSafelyAsync("delete from cluster_members where id = $1", [identity.Id], CancellationToken.None);
    }

    /// <summary>A worker whose heartbeat is this many intervals old no longer owns jobs in the roster.</summary>
    private const int StaleBeats = 3;

    private Task BeatAsync(CancellationToken ct)
    {
        var load = JsonSerializer.Serialize(new { running = worker.Running, slots = sandbox.Value.Concurrency });
        // The statement sees the table as it was before its own upsert, so this worker is added by name.
        return ExecuteSafelyAsync("""
            with beat as (
                insert into cluster_members (id, role, address, started_at, heartbeat_at, load)
                values ($1, 'worker', $2, $3, now(), $4)
                on conflict (id) do update set heartbeat_at = now(), load = excluded.load
            )
            select id from cluster_members where role = 'worker' and heartbeat_at > now() - make_interval(secs => $5)
            union select $1
            """, [identity.Id, Environment.MachineName, _started, new NpgsqlParameter { Value = load, NpgsqlDbType = NpgsqlDbType.Jsonb },
                (double)(StaleBeats * options.Value.HeartbeatSeconds)], ct, ReadRosterAsync);
    }

    private async Task ReadRosterAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        var live = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            live.Add(reader.GetString(0));
        }
        if (roster.Update(live))
        {
            logger.LogInformation("{Count} live workers share new jobs", live.Count);
        }
    }

    private async Task ExecuteSafelyAsync(string sql, object[] values, CancellationToken ct, Func<NpgsqlDataReader, CancellationToken, Task>? read = null)
    {
        try
        {
            await using var cmd = db.CreateCommand(sql);
            foreach (var value in values)
            {
                cmd.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
            }
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            if (read is not null)
            {
                await read(reader, ct);
            }
        }
        catch (PostgresException e) when (e.SqlState == UndefinedTable)
        {
            if (!_warned)
            {
                logger.LogInformation("cluster_members does not exist yet; heartbeat skipped until it does");
                _warned = true;
            }
        }
        catch (NpgsqlException e) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("heartbeat failed: {Message}", e.Message);
        }
    }
}
