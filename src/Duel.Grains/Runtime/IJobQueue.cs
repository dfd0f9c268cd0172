namespace Duel.Grains.Runtime;

/// <summary>The sandbox workers' job table, as grains see it: insert only.</summary>
public interface IJobQueue
{
    /// <summary>
    /// Inserts job <paramref name="jobId"/> for <paramref name="queue"/>, owned by grain
    /// <paramref name="grainType"/>/<paramref name="grainKey"/>. Idempotent: the id is derived from the
    /// submission, so a retried call inserts nothing new.
    /// </summary>
    Task EnqueueAsync(string jobId, string queue, string grainType, string grainKey, object payload);
}
