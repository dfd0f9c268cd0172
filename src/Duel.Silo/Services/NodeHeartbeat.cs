using System.Diagnostics;
using Duel.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Duel.Silo.Services;

/// <summary>
/// Writes this node's heartbeat and load to <c>cluster_members</c> for operators (the cluster page) and
/// for web presence (a web node whose heartbeat is stale has lost its connections). Silo membership
/// itself is Orleans' (in Redis); nothing here decides where grains live.
/// </summary>
internal sealed class NodeHeartbeat(
    NpgsqlDataSource dataSource, IOptions<SiloOptions> options, TimeProvider time, ILogger<NodeHeartbeat> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var started = time.GetUtcNow();
        var process = Process.GetCurrentProcess();
        var (lastCpu, lastAt) = (process.TotalProcessorTime, Stopwatch.GetTimestamp());
        return PeriodicLoop.RunAsync(o.HeartbeatInterval, ct =>
        {
            process.Refresh();
            var seconds = Stopwatch.GetElapsedTime(lastAt).TotalSeconds;
            var load = new
            {
                cpu_percent = seconds > 0
                    ? Math.Round(100 * (process.TotalProcessorTime - lastCpu).TotalSeconds / seconds / Environment.ProcessorCount, 1)
                    : 0,
                memory_mb = process.WorkingSet64 / (1024 * 1024),
            };
            (lastCpu, lastAt) = (process.TotalProcessorTime, Stopwatch.GetTimestamp());
            return ClusterMembership.HeartbeatAsync(dataSource, o.SiloId, o.Role, o.Address, started, load, ct);
        }, logger, "Heartbeat", runAtStart: true, stoppingToken, time);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await ClusterMembership.LeaveAsync(dataSource, options.Value.SiloId, cancellationToken);
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "Could not remove the heartbeat row");
        }
    }
}
