using System.ComponentModel.DataAnnotations;

namespace Duel.Web.Options;

/// <summary>Section <c>Duel:Web</c>: limits for players' requests and for code mirroring.</summary>
public sealed class WebOptions
{
    public const string Section = "Duel:Web";

    /// <summary>Run and Submit together: one per this many milliseconds per player.</summary>
    [Range(0, 60_000)]
    public int JudgeIntervalMs { get; set; } = 2000;

    /// <summary>Sign-in, registration and guest creation per client address per minute.</summary>
    [Range(1, 100_000)]
    public int AuthPerMinute { get; set; } = 20;

    /// <summary>Code snapshots per player per second (the client debounces to about 5/s).</summary>
    [Range(1, 100)]
    public int SnapshotsPerSecond { get; set; } = 10;

    /// <summary>How often the coalesced snapshot writer flushes the latest snapshots to the database.</summary>
    [Range(50, 60_000)]
    public int SnapshotFlushMs { get; set; } = 1000;

    /// <summary>Replay timeline: at most this many snapshots per player and battle (older ones are thinned, never the last).</summary>
    [Range(10, 100_000)]
    public int TimelineLimit { get; set; } = Mirroring.CodeSnapshotStore.DefaultTimelineLimit;

    /// <summary>How long a player waits in a queue before the queue page offers practice against a ghost.</summary>
    [Range(0, 3600)]
    public int PracticeOfferSeconds { get; set; } = 30;

    /// <summary>A queued player with no hub connection on any node for this long leaves the queue.</summary>
    [Range(5, 86_400)]
    public int QueueAbsenceSeconds { get; set; } = 60;
}
