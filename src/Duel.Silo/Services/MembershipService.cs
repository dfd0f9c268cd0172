using System.Diagnostics;
using Duel.Silo.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Duel.Silo.Services;

/// <summary>Writes this node's heartbeat and load figures to <c>cluster_members</c>; removes the row on a clean stop.</summary>
internal sealed class MembershipService(
    NpgsqlDataSource dataSource, GrainRuntime runtime, IOptions<SiloOptions> options, TimeProvider time, ILogger<MembershipService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var started = time.GetUtcNow();
        var process = Process.GetCurrentProcess();
        var (lastCpu, lastAt, lastTurns) = (process.TotalProcessorTime, Stopwatch.GetTimestamp(), runtime.Counters.TurnsCommitted);
        using var timer = new PeriodicTimer(o.HeartbeatInterval, time);
        do
        {
            process.Refresh();
            var seconds = Stopwatch.GetElapsedTime(lastAt).TotalSeconds;
            var turns = runtime.Counters.TurnsCommitted;
            var load = new
            {
                active_turns = runtime.Counters.Active,
                turns_per_second = seconds > 0 ? Math.Round((turns - lastTurns) / seconds, 1) : 0,
                retries = runtime.Counters.Retries,
                cpu_percent = seconds > 0
                    ? Math.Round(100 * (process.TotalProcessorTime - lastCpu).TotalSeconds / seconds / Environment.ProcessorCount, 1)
                    : 0,
                memory_mb = process.WorkingSet64 / (1024 * 1024),
            };
            (lastCpu, lastAt, lastTurns) = (process.TotalProcessorTime, Stopwatch.GetTimestamp(), turns);
            try
            {
                await ClusterMembership.HeartbeatAsync(dataSource, o.SiloId, o.Role, o.Address, started, load, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Heartbeat failed");
            }
        }
        while (await WaitAsync(timer, stoppingToken));
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
            logger.LogDebug(e, "Could not remove the membership row");
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
