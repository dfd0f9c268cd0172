using Duel.Grains.Runtime;

namespace Duel.Bench;

/// <summary>The benchmark's grain: a typical small turn (change state, publish one event).</summary>
[GrainType("bench-counter", 2)]
public interface IGrainsBenchCounter : IGrain
{
    Task<long> Increment();
}

public sealed class GrainsBenchCounterState
{
    public long Count { get; set; }

    public string Note { get; set; } = "a few bytes of state like a small battle";
}

public sealed class GrainsBenchCounter(IGrainContext context, IPersistentState<GrainsBenchCounterState> state) : IGrainsBenchCounter
{
    public Task<long> Increment()
    {
        state.State.Count++;
        context.Publish("incremented", new { state.State.Count });
        return Task.FromResult(state.State.Count);
    }
}
