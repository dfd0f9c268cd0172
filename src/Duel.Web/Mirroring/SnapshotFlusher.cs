using Duel.Grains.Runtime;
using Duel.Hosting;
using Duel.Web.Options;
using Microsoft.Extensions.Options;

namespace Duel.Web.Mirroring;

/// <summary>
/// Writes the latest snapshots in batches, off the hub's hot path, and tells each battle the
/// newest sequence it has stored. A failed write puts the batch back for the next round.
/// </summary>
public sealed class SnapshotFlusher(CodeSnapshotStore store, IGrainFactory grains, IOptions<WebOptions> options,
    ILogger<SnapshotFlusher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await PeriodicLoop.RunAsync(TimeSpan.FromMilliseconds(options.Value.SnapshotFlushMs), FlushAsync, logger, "Flushing code snapshots",
            runAtStart: false, stoppingToken);
        await FlushAsync(CancellationToken.None); // last snapshots on a clean shutdown
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        var batch = store.TakeDirty();
        if (batch.IsEmpty)
        {
            store.Evict(TimeSpan.FromHours(1));
            return;
        }
        try
        {
            await store.WriteAsync(batch, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Writing {Count} code snapshots failed; retrying next round", batch.Timeline.Count);
            store.Restore(batch);
            return;
        }
        foreach (var s in batch.Latest)
        {
            try
            {
                await grains.Battle(s.BattleId).RecordSnapshot(s.PlayerId, s.Seq);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogDebug(e, "Recording snapshot seq for battle {BattleId} failed", s.BattleId);
            }
        }
    }
}
