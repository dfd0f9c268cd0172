using System.ComponentModel.DataAnnotations;

namespace Duel.Sandbox.Worker.Jobs;

/// <summary>How the worker claims jobs (configuration section <c>Sandbox</c>, beside the sandbox limits).</summary>
public sealed class WorkerOptions
{
    [Required] public string Queue { get; set; } = "judge";

    /// <summary>A claimed job's lease; renewed every third of it while the job runs.</summary>
    [Range(1, 10)] public int LeaseSeconds { get; set; } = 10;

    /// <summary>Fallback poll when no NOTIFY arrives.</summary>
    [Range(10, 1000)] public int PollMilliseconds { get; set; } = 1000;

    /// <summary>Claims of one job after which it is answered with internal-error instead of run again.</summary>
    [Range(1, 20)] public int MaxAttempts { get; set; } = 3;

    [Range(1, 60)] public int HeartbeatSeconds { get; set; } = 2;

    /// <summary>
    /// Jobs claimed beyond the slots: the next claim overlaps a running job and the previous
    /// verdict's write, so a slot never waits for the database between two jobs.
    /// </summary>
    [Range(0, 64)] public int ClaimAhead { get; set; } = 2;

    /// <summary>Print one <c>duel-timing</c> line per job to stdout (read by <c>./duel bench sandbox</c>).</summary>
    public bool TimingLog { get; set; }
}
