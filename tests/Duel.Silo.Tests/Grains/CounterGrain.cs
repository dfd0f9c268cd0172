using Duel.Grains.Runtime;

namespace Duel.Silo.Tests.Grains;

public sealed class CounterGrain(IGrainContext context, IPersistentState<CounterState> state) : ICounterGrain
{
    public Task<long> Increment()
    {
        state.State.Count++;
        context.Publish("incremented", new Incremented(state.State.Count, state.Version + 1));
        return Task.FromResult(state.State.Count);
    }

    public async Task<long> IncrementAndWait(string signal)
    {
        var count = await Increment();
        TestSignals.Set($"{signal}:inside");
        await TestSignals.WaitAsync($"{signal}:go");
        return count;
    }

    public Task<long> Get() => Task.FromResult(state.State.Count);
}
