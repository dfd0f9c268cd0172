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
    private long _connectedNow;
    private volatile ClusterSnapshot _snapshot = ClusterSnapshot.Empty;

    public DuelMetrics(IMeterFactory meterFactory)
    {
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

    public void CodeSyncMessage() => _codeSync.Add(1);

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

    public void VerdictApplied(double latencyMs) => _verdictLatency.Record(latencyMs);

    internal void Publish(ClusterSnapshot snapshot) => _snapshot = snapshot;

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
