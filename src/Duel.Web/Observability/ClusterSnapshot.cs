using System.Collections.Immutable;

namespace Duel.Web.Observability;

/// <summary>Cluster-wide figures read from PostgreSQL at <see cref="SampledAt"/>.</summary>
public sealed record ClusterSnapshot(
    DateTimeOffset SampledAt,
    long ActiveBattles,
    ImmutableDictionary<string, long> QueueSizes,
    long JobsQueued,
    long JobsRunning,
    long JobsUnapplied)
{
    public static readonly ClusterSnapshot Empty =
        new(DateTimeOffset.MinValue, 0, ImmutableDictionary<string, long>.Empty, 0, 0, 0);

    public long JobBacklog => JobsQueued + JobsRunning + JobsUnapplied;
}
