using Duel.Hosting;

namespace Duel.Sandbox.Worker.Jobs;

/// <summary>
/// Which worker claims a new job at once: its id hashed over the workers whose heartbeat is fresh
/// (<see cref="WorkerHeartbeat"/> keeps the list). Before, every job's NOTIFY woke every worker and all
/// but one claimed nothing: one empty claim per job per extra worker (docs/performance.md). A worker
/// that does not own a job still takes it at its next poll, or at its next claim for free slots, so a
/// busy, dead or not yet known owner delays a job by at most the poll interval; two workers that
/// disagree only both claim, and <c>for update skip locked</c> gives the job to one.
/// </summary>
internal sealed class WorkerRoster(WorkerIdentity identity)
{
    private volatile string[] _live = [];

    /// <summary>Takes the live workers' ids (this one among them once its heartbeat is stored); true when the set changed.</summary>
    public bool Update(IEnumerable<string> liveWorkerIds)
    {
        string[] live = [.. liveWorkerIds.Order(StringComparer.Ordinal)];
        var changed = !live.AsSpan().SequenceEqual(_live);
        _live = live;
        return changed;
    }

    /// <summary>True when this worker should claim at once on <paramref name="jobId"/>'s notification.</summary>
    public bool Owns(string jobId)
    {
        var live = _live;
        return Array.IndexOf(live, identity.Id) < 0 || OwnerHash.Owns(jobId, live, identity.Id);
    }
}
