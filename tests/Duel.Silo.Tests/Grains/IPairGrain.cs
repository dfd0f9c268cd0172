using Duel.Grains.Runtime;

namespace Duel.Silo.Tests.Grains;

/// <summary>Two grains of one level that call each other: the way to provoke a deadlock.</summary>
[GrainType("pair", 2)]
public interface IPairGrain : IGrain
{
    /// <summary>Increments itself, waits until <paramref name="barrier"/> has 2 arrivals, then bumps the other.</summary>
    Task TouchThenBump(string otherKey, string barrier);

    Task Bump();

    [ReadOnly]
    Task<long> Get();
}

public sealed class PairGrain(IGrainContext context, IPersistentState<CounterState> state) : IPairGrain
{
    public async Task TouchThenBump(string otherKey, string barrier)
    {
        TestSignals.Count($"{barrier}:attempts");
        TestSignals.Log($"{barrier}:{context.Key}", $"{context.NewId()} {context.NewId()} {context.Now:O}");
        state.State.Count++;
        context.AfterCommit(() => TestSignals.Count($"{barrier}:after-commit"));
        await TestSignals.ArriveAsync(barrier, 2);
        await context.GrainFactory.GetGrain<IPairGrain>(otherKey).Bump();
    }

    public Task Bump()
    {
        state.State.Count++;
        return Task.CompletedTask;
    }

    public Task<long> Get() => Task.FromResult(state.State.Count);
}
