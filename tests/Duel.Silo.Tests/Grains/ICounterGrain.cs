using Duel.Grains.Runtime;

namespace Duel.Silo.Tests.Grains;

/// <summary>A counter: every increment publishes "incremented" with the new count and version.</summary>
[GrainType("counter", 2)]
public interface ICounterGrain : IGrain
{
    Task<long> Increment();

    /// <summary>Increments and publishes, sets signal <c>{signal}:inside</c>, then waits for <c>{signal}:go</c>.</summary>
    Task<long> IncrementAndWait(string signal);

    [ReadOnly]
    Task<long> Get();
}

public sealed class CounterState
{
    public long Count { get; set; }
}

public sealed record Incremented(long Count, long Version);
