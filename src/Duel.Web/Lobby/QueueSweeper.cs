using Duel.Grains.Catalogue;
using Duel.Grains.Matchmaking;
using Duel.Grains.Runtime;
using Duel.Hosting;
using Duel.Web.Options;
using Duel.Web.Realtime;
using Microsoft.Extensions.Options;

namespace Duel.Web.Lobby;

/// <summary>
/// Runs on every web node: a player who closed the tab while queued would otherwise be matched
/// long after, and their opponent would face an empty chair. A ticket older than the absence limit
/// whose player no node holds a hub connection for is taken out of its queue. Nodes may sweep the
/// same ticket at once: the second Leave answers "not queued", which is harmless.
/// </summary>
public sealed class QueueSweeper(
    IGrainFactory grains, ChallengeCatalogue catalogue, PresenceTracker presence, IOptions<WebOptions> options,
    TimeProvider time, ILogger<QueueSweeper> logger) : BackgroundService
{
    private TimeSpan Absence => TimeSpan.FromSeconds(options.Value.QueueAbsenceSeconds);

    // The first sweep runs at start: tickets left by a cluster that was stopped while players queued.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicLoop.RunAsync(TimeSpan.FromSeconds(Math.Clamp(Absence.TotalSeconds / 2, 1, 30)), ct => SweepOnceAsync(Absence, ct),
            logger, "Sweeping the queues for absent players", runAtStart: true, stoppingToken, time);

    /// <summary>One sweep over every queue; returns the players taken out.</summary>
    public async Task<IReadOnlyList<string>> SweepOnceAsync(TimeSpan absence, CancellationToken ct = default)
    {
        var dropped = new List<string>();
        foreach (var queue in catalogue.AllQueues())
        {
            var matchmaker = grains.Matchmaker(queue);
            var stale = (await matchmaker.Waiting()).Where(t => time.GetUtcNow() - t.JoinedAt > absence).ToList();
            if (stale.Count == 0) continue;
            var present = await presence.PresentAsync([.. stale.Select(t => t.PlayerId)], absence, ct);
            foreach (var ticket in stale.Where(t => !present.Contains(t.PlayerId)))
            {
                if ((await matchmaker.Leave(ticket.PlayerId)).Status != LeaveStatus.Left) continue;
                logger.LogInformation("Player {PlayerId} left queue {Queue}: no connection for {Seconds} s", ticket.PlayerId, queue, absence.TotalSeconds);
                dropped.Add(ticket.PlayerId);
            }
        }
        return dropped;
    }
}
