using Duel.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Duel.Web.Observability;

/// <summary>
/// Reads cluster-wide figures from PostgreSQL every few seconds. Every node publishes the
/// gauges (the same values); only the node holding the advisory lock records verdict
/// latencies, so the cluster's histogram counts each verdict once (at a leader hand-over a
/// few seconds may be counted twice or not at all).
/// </summary>
internal sealed class ClusterMetricsSampler(
    NpgsqlDataSource db,
    DuelMetrics metrics,
    IOptions<ClusterMetricsOptions> options,
    TimeProvider time,
    ILogger<ClusterMetricsSampler> logger) : BackgroundService
{
    private NpgsqlConnection? _leader;
    private DateTime _cursor;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _cursor = time.GetUtcNow().UtcDateTime;
        return PeriodicLoop.RunAsync(TimeSpan.FromSeconds(options.Value.SampleSeconds), RoundAsync, logger, "Sampling cluster metrics",
            runAtStart: true, stoppingToken, time);
    }

    private async Task RoundAsync(CancellationToken ct)
    {
        try
        {
            await SampleAsync(ct);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // The database restarting is an operational event: a warning without a stack, and the
            // lock's connection is gone with it.
            logger.LogWarning("cluster metrics not sampled: {Reason}", e.Message);
            await DropLeadershipAsync();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await DropLeadershipAsync();
    }

    private async Task SampleAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        metrics.Publish(await ClusterQueries.ReadSnapshotAsync(connection, ct));
        // Every node reads the verdicts for its own page (and is ready to take over from its
        // cursor); only the leader records them in the meter's histogram.
        _cursor = await IsLeaderAsync(ct)
            ? await ClusterQueries.RecordVerdictLatenciesAsync(_leader!, _cursor, metrics.VerdictApplied, ct)
            : await ClusterQueries.RecordVerdictLatenciesAsync(connection, _cursor, metrics.VerdictSeen, ct);
    }

    private async Task<bool> IsLeaderAsync(CancellationToken ct)
    {
        if (_leader is not null)
        {
            return true;
        }
        var connection = await db.OpenConnectionAsync(ct);
        if (await ClusterQueries.TryTakeLeaderLockAsync(connection, ct))
        {
            _leader = connection;
            logger.LogInformation("this node now records cluster-wide verdict latencies");
            return true;
        }
        await connection.DisposeAsync();
        return false;
    }

    private async Task DropLeadershipAsync()
    {
        if (_leader is { } leader)
        {
            _leader = null;
            // Pooled connections are not reset on return (PostgresPools): give the lock back first.
            try
            {
                await using var unlock = new NpgsqlCommand("select pg_advisory_unlock_all()", leader);
                await unlock.ExecuteNonQueryAsync();
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                // A broken connection is not returned to the pool; its session and lock end with it.
            }
            await leader.DisposeAsync();
        }
    }
}
