namespace Duel.Web.Observability;

/// <summary>
/// Latencies of the last few minutes, for the operators' page: the meter's histogram goes to
/// the collector, this keeps enough to show percentiles without one.
/// </summary>
public sealed class RecentLatencies(TimeProvider time, TimeSpan window)
{
    private const int MaxSamples = 50_000;

    private readonly Lock _gate = new();
    private readonly Queue<(DateTimeOffset At, double Ms)> _samples = new();

    public void Add(double ms)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            _samples.Enqueue((now, ms));
            Trim(now);
        }
    }

    public LatencySummary Summary()
    {
        double[] values;
        lock (_gate)
        {
            Trim(time.GetUtcNow());
            values = [.. _samples.Select(s => s.Ms)];
        }
        if (values.Length == 0)
        {
            return LatencySummary.None;
        }
        Array.Sort(values);
        double At(double p) => values[Math.Clamp((int)Math.Ceiling(p * values.Length) - 1, 0, values.Length - 1)];
        return new LatencySummary(values.Length, At(0.5), At(0.95), At(0.99), values[^1]);
    }

    private void Trim(DateTimeOffset now)
    {
        while (_samples.Count > 0 && (_samples.Count > MaxSamples || _samples.Peek().At < now - window))
        {
            _samples.Dequeue();
        }
    }
}

/// <summary>Count and percentiles (ms) of a window of latencies.</summary>
public sealed record LatencySummary(int Count, double P50, double P95, double P99, double Max)
{
    public static readonly LatencySummary None = new(0, 0, 0, 0, 0);
}
