using Duel.Grains.Runtime;

namespace Duel.Silo.Tests.Grains;

/// <summary>Level 1 (like the matchmaker): calls inner grains.</summary>
[GrainType("outer", 1)]
public interface IOuterGrain : IGrain
{
    Task IncrementThenCallInner(string innerKey, bool innerFails);

    /// <summary>Locks the inner grains in key order with LockAsync, then increments each.</summary>
    Task IncrementMany(string[] innerKeys);

    /// <summary>Increments the inner grain, then reads it back with its [ReadOnly] method in the same turn.</summary>
    Task<long> IncrementInnerAndRead(string innerKey);

    [ReadOnly]
    Task<long> Get();
}

/// <summary>Level 2: may not call the outer grain.</summary>
[GrainType("inner", 2)]
public interface IInnerGrain : IGrain
{
    Task Increment(bool fail);

    Task CallOuter(string outerKey);

    [ReadOnly]
    Task<long> Get();
}

public sealed class OuterGrain(IGrainContext context, IPersistentState<CounterState> state) : IOuterGrain
{
    public async Task IncrementThenCallInner(string innerKey, bool innerFails)
    {
        state.State.Count++;
        await context.GrainFactory.GetGrain<IInnerGrain>(innerKey).Increment(innerFails);
    }

    public async Task IncrementMany(string[] innerKeys)
    {
        await context.LockAsync<IInnerGrain>(innerKeys);
        foreach (var key in innerKeys)
        {
            await context.GrainFactory.GetGrain<IInnerGrain>(key).Increment(false);
        }
    }

    public async Task<long> IncrementInnerAndRead(string innerKey)
    {
        var inner = context.GrainFactory.GetGrain<IInnerGrain>(innerKey);
        await inner.Increment(false);
        return await inner.Get();
    }

    public Task<long> Get() => Task.FromResult(state.State.Count);
}

public sealed class InnerGrain(IGrainContext context, IPersistentState<CounterState> state) : IInnerGrain
{
    public Task Increment(bool fail)
    {
        state.State.Count++;
        return fail ? throw new InvalidOperationException("inner failed on purpose") : Task.CompletedTask;
    }

    public Task CallOuter(string outerKey) => context.GrainFactory.GetGrain<IOuterGrain>(outerKey).IncrementThenCallInner(context.Key, false);

    public Task<long> Get() => Task.FromResult(state.State.Count);
}
