namespace Duel.Silo.Runtime;

/// <summary>Turn counters of this silo, for heartbeats and benchmarks.</summary>
public sealed class RuntimeCounters
{
    private long _started;
    private long _committed;
    private long _failed;
    private long _retries;

    public long TurnsStarted => Interlocked.Read(ref _started);

    public long TurnsCommitted => Interlocked.Read(ref _committed);

    public long TurnsFailed => Interlocked.Read(ref _failed);

    public long Retries => Interlocked.Read(ref _retries);

    public long Active => TurnsStarted - TurnsCommitted - TurnsFailed;

    internal void Started() => Interlocked.Increment(ref _started);

    internal void Committed() => Interlocked.Increment(ref _committed);

    internal void Failed() => Interlocked.Increment(ref _failed);

    internal void Retried() => Interlocked.Increment(ref _retries);
}
