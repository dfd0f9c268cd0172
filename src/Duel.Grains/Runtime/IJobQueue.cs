using System.Text.Json;

namespace Duel.Grains.Runtime;

/// <summary>The sandbox workers' job table, as grains see it: insert, and read back a grain's jobs.</summary>
public interface IJobQueue
{
    /// <summary>
    /// Inserts job <paramref name="jobId"/> for <paramref name="queue"/>, owned by grain
    /// <paramref name="grainType"/>/<paramref name="grainKey"/> and submitted by <paramref name="submittedBy"/>,
    /// with an ordinary (durable) commit. Idempotent: the id is derived from the submission, so a retried call
    /// inserts nothing new.
    /// </summary>
    Task EnqueueAsync(string jobId, string queue, string grainType, string grainKey, string submittedBy, object payload);

    /// <summary>
    /// The owner's jobs that it may not have stored, oldest first: those not yet marked applied (queued, running or
    /// done), and the applied runs, with their verdicts.
    /// </summary>
    Task<IReadOnlyList<OwnedJob>> UnsettledJobsAsync(string grainType, string grainKey);
}

/// <summary>
/// A job its owner may not have stored: who submitted it, its payload's mode, when it was inserted, and for an
/// applied run, its verdict and when it was applied.
/// </summary>
public sealed record OwnedJob(string Id, string SubmittedBy, string Mode, DateTimeOffset CreatedAt, JsonElement? Verdict = null, DateTimeOffset? AppliedAt = null);
