using Duel.Grains.Runtime;
using Duel.Hosting;
using Duel.Silo;
using Microsoft.Extensions.Options;

namespace Duel.Web.Realtime;

/// <summary>
/// Runs on every web node: a node killed without closing its hub connections never reports its
/// players gone, so the survivors drop its <c>battle_connections</c> rows once its heartbeat is
/// stale and start the abandonment grace for players no live node still holds.
/// </summary>
public sealed class BattlePresenceSweeper(
    BattlePresenceStore store, IGrainFactory grains, IOptions<SiloOptions> options, TimeProvider time,
    ILogger<BattlePresenceSweeper> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicLoop.RunAsync(options.Value.HeartbeatInterval, SweepOnceAsync, logger, "Sweeping the connections of dead nodes",
            runAtStart: false, stoppingToken, time);

    /// <summary>One sweep; returns how many players were reported disconnected.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken ct = default)
    {
        var orphaned = await store.SweepDeadAsync(ct);
        foreach (var (battleId, playerId) in orphaned)
        {
            // The rows are gone already; a failed report here is not retried, so it is logged loudly.
            try
            {
                await grains.Battle(battleId).ReportConnection(playerId, connected: false);
                logger.LogInformation("Player {PlayerId} of battle {BattleId} lost its node; reported disconnected", playerId, battleId);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Reporting {PlayerId} of battle {BattleId} disconnected after a node loss failed", playerId, battleId);
            }
        }
        return orphaned.Count;
    }
}
