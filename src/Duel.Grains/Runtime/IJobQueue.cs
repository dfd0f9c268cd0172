namespace Duel.Grains.Runtime;

/// <summary>The sandbox workers' job table, as grains see it: insert, and read back a grain's open jobs.</summary>
public interface IJobQueue
{
    /// <summary>
    /// Inserts job <paramref name="jobId"/> for <paramref name="queue"/>, owned by grain
    /// <paramref name="grainType"/>/<paramref name="grainKey"/> and submitted by <paramref name="submittedBy"/>,
    /// with an ordinary (durable) commit. Idempotent: the id is derived from the submission, so a retried call
    /// inserts nothing new.
    /// </summary>
    Task EnqueueAsync(string jobId, string queue, string grainType, string grainKey, string submittedBy, object payload);

    /// <summary>The owner's jobs not yet marked applied (queued, running or done), oldest first.</summary>
    Task<IReadOnlyList<OpenJob>> OpenJobsAsync(string grainType, string grainKey);
}

/// <summary>A job its owner may not have stored: who submitted it, its payload's mode and when it was inserted.</summary>
public sealed record OpenJob(string Id, string SubmittedBy, string Mode, DateTimeOffset CreatedAt);
