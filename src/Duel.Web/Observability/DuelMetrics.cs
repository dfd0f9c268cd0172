using System.Diagnostics.Metrics;

namespace Duel.Web.Observability;

/// <summary>
/// The "Duel" meter. Per-node figures (connected players, code-sync messages) are counted where
/// they happen; cluster-wide figures (battles, queues, jobs, verdict latency) come from
/// PostgreSQL through <see cref="ClusterMetricsSampler"/>.
/// </summary>
public sealed class DuelMetrics : IDisposable
{
    public const string MeterName = "Duel";

    private readonly Meter _meter;
    private readonly Counter<long> _codeSync;
    private readonly UpDownCounter<long> _connected;
    private readonly Histogram<double> _verdictLatency;
    private readonly TimeProvider _time;
    private long _connectedNow;
    private long _codeSyncTotal;
    private volatile ClusterSnapshot _snapshot = ClusterSnapshot.Empty;
    private (long Total, DateTimeOffset At) _codeSyncMark;
    private double _codeSyncPerSecond;

    public DuelMetrics(IMeterFactory meterFactory, TimeProvider time)
    {
        _time = time;
        _codeSyncMark = (0, time.GetUtcNow());
        RecentVerdicts = new RecentLatencies(time, TimeSpan.FromMinutes(5));
        _meter = meterFactory.Create(MeterName);
        _codeSync = _meter.CreateCounter<long>("duel.codesync.messages", "{message}",
            "Code snapshots relayed to an opponent; messages per second is its rate.");
        _connected = _meter.CreateUpDownCounter<long>("duel.players.connected", "{connection}",
            "Hub connections open on this node.");
        _verdictLatency = _meter.CreateHistogram<double>("duel.verdict.latency", "ms",
            "Submission queued to verdict applied to the battle.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000] });
        _meter.CreateObservableGauge("duel.battles.active", () => _snapshot.ActiveBattles, "{battle}",
            "Battles started and not finished, cluster-wide.");
        _meter.CreateObservableGauge("duel.matchmaking.queue_size", ObserveQueues, "{player}",
            "Players waiting, per matchmaking queue.");
        _meter.CreateObservableGauge("duel.jobs.backlog", ObserveJobs, "{job}",
            "Sandbox jobs by status: queued, running, and done but not yet applied.");
    }

    /// <summary>The latest cluster-wide figures (shown on the operators' cluster page).</summary>
    public ClusterSnapshot Snapshot => _snapshot;

    /// <summary>Hub connections open on this node right now.</summary>
    public long ConnectedPlayers => Interlocked.Read(ref _connectedNow);

    /// <summary>Verdict latencies (queued → applied) of the last five minutes, cluster-wide.</summary>
    public RecentLatencies RecentVerdicts { get; }

    /// <summary>Code snapshots relayed by this node per second, over the last sampling interval.</summary>
    public double CodeSyncPerSecond => Volatile.Read(ref _codeSyncPerSecond);

    public void CodeSyncMessage()
    {
        Interlocked.Increment(ref _codeSyncTotal);
        _codeSync.Add(1);
    }

    public void PlayerConnected()
    {
        Interlocked.Increment(ref _connectedNow);
        _connected.Add(1);
    }

    public void PlayerDisconnected()
    {
        Interlocked.Decrement(ref _connectedNow);
        _connected.Add(-1);
    }

    /// <summary>A verdict this node counts in the cluster's histogram (only one node does at a time).</summary>
    public void VerdictApplied(double latencyMs)
    {
        _verdictLatency.Record(latencyMs);
        RecentVerdicts.Add(latencyMs);
    }

    /// <summary>A verdict another node counts: kept for this node's page only.</summary>
    public void VerdictSeen(double latencyMs) => RecentVerdicts.Add(latencyMs);

    internal void Publish(ClusterSnapshot snapshot)
    {
        _snapshot = snapshot;
        var now = _time.GetUtcNow();
        var total = Interlocked.Read(ref _codeSyncTotal);
        var seconds = (now - _codeSyncMark.At).TotalSeconds;
        if (seconds > 0)
        {
            Volatile.Write(ref _codeSyncPerSecond, (total - _codeSyncMark.Total) / seconds);
        }
        _codeSyncMark = (total, now);
    }

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<long>> ObserveQueues() =>
        _snapshot.QueueSizes.Select(q => new Measurement<long>(q.Value, new KeyValuePair<string, object?>("queue", q.Key)));

    private IEnumerable<Measurement<long>> ObserveJobs()
    {
        var s = _snapshot;
        yield return new Measurement<long>(s.JobsQueued, new KeyValuePair<string, object?>("status", "queued"));
        yield return new Measurement<long>(s.JobsRunning, new KeyValuePair<string, object?>("status", "running"));
        yield return new Measurement<long>(s.JobsUnapplied, new KeyValuePair<string, object?>("status", "done"));
    }
}
