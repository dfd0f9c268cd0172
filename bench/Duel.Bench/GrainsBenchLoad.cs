using System.Collections.Concurrent;
using System.Diagnostics;
using Duel.Testing;

namespace Duel.Bench;

/// <summary>CpuMs: this process's CPU time per turn (silos and load generator; PostgreSQL not included).</summary>
public sealed record GrainsBenchResult(double PerSecond, double P50, double P99, double Max, double CpuMs);

/// <summary>Drives increments against <c>grains</c> bench counters spread over the cluster's silos.</summary>
public sealed class GrainsBenchLoad(TestCluster cluster, int grains, string prefix)
{
    /// <summary>Closed loop: each caller waits for its call before the next.</summary>
    public async Task<GrainsBenchResult> ClosedAsync(int callers, TimeSpan duration)
    {
        var latencies = new ConcurrentBag<double>();
        var cpu = Environment.CpuUsage.TotalTime;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            var random = new Random(caller);
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                await Call(random.Next(), random.Next(grains));
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })));
        return Summarise(latencies, clock.Elapsed, cpu);
    }

    /// <summary>Open loop: calls start on a fixed schedule whether or not earlier ones finished.</summary>
    public async Task<GrainsBenchResult> OpenAsync(int perSecond, TimeSpan duration)
    {
        var latencies = new ConcurrentBag<double>();
        var calls = new List<Task>();
        var random = new Random(7);
        var cpu = Environment.CpuUsage.TotalTime;
        var total = (int)(perSecond * duration.TotalSeconds);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            var due = start + (long)(i * (double)Stopwatch.Frequency / perSecond);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }
            var (silo, grain) = (random.Next(), random.Next(grains));
            calls.Add(Task.Run(async () =>
            {
                await Call(silo, grain);
                // From the scheduled start: a stalled runtime cannot hide its queueing.
                latencies.Add(Stopwatch.GetElapsedTime(due).TotalMilliseconds);
            }));
        }
        await Task.WhenAll(calls);
        return Summarise(latencies, Stopwatch.GetElapsedTime(start), cpu);
    }

    private Task<long> Call(int silo, int grain) =>
        cluster.Grains(silo % cluster.Silos.Count).GetGrain<IGrainsBenchCounter>($"{prefix}-{grain}").Increment();

    private static GrainsBenchResult Summarise(IEnumerable<double> latencies, TimeSpan elapsed, TimeSpan cpuBefore)
    {
        var sorted = latencies.Order().ToArray();
        double At(double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
        var cpuMs = (Environment.CpuUsage.TotalTime - cpuBefore).TotalMilliseconds / sorted.Length;
        return new GrainsBenchResult(sorted.Length / elapsed.TotalSeconds, At(0.50), At(0.99), sorted[^1], cpuMs);
    }
}
