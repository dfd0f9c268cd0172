using System.Diagnostics.Metrics;
using Duel.Web.Observability;
using Microsoft.Extensions.DependencyInjection;

namespace Duel.Cluster.Tests;

/// <summary>The per-node figures /admin/cluster shows next to the cluster-wide ones.</summary>
public sealed class OperatorFiguresTests
{
    [Fact]
    public void Recent_latencies_keep_five_minutes_and_report_percentiles()
    {
        var clock = new ManualClock();
        var recent = new RecentLatencies(clock, TimeSpan.FromMinutes(5));
        Assert.Equal(LatencySummary.None, recent.Summary());

        recent.Add(5000); // falls out of the window below
        clock.Advance(TimeSpan.FromMinutes(4));
        foreach (var ms in Enumerable.Range(1, 100))
        {
            recent.Add(ms);
        }
        clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(new LatencySummary(100, 50, 95, 99, 100), recent.Summary());
    }

    [Fact]
    public void Code_sync_rate_is_messages_per_second_between_samples()
    {
        var clock = new ManualClock();
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var metrics = new DuelMetrics(services.GetRequiredService<IMeterFactory>(), clock);

        for (var i = 0; i < 30; i++)
        {
            metrics.CodeSyncMessage();
        }
        clock.Advance(TimeSpan.FromSeconds(5));
        metrics.Publish(ClusterSnapshot.Empty);
        Assert.Equal(6.0, metrics.CodeSyncPerSecond);

        clock.Advance(TimeSpan.FromSeconds(5));
        metrics.Publish(ClusterSnapshot.Empty);
        Assert.Equal(0.0, metrics.CodeSyncPerSecond);
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
