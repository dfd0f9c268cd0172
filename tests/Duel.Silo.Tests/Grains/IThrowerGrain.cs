using Duel.Grains.Runtime;

namespace Duel.Silo.Tests.Grains;

/// <summary>Registers every kind of effect, then succeeds or throws.</summary>
[GrainType("thrower", 2)]
public interface IThrowerGrain : IGrain
{
    Task<string> EffectsThen(bool fail);
}

public sealed class ThrowerState
{
    public int Changes { get; set; }
}

public sealed record TestFact(string Key, int Changes);

public sealed class ThrowerGrain(IGrainContext context, IPersistentState<ThrowerState> state) : IThrowerGrain
{
    public Task<string> EffectsThen(bool fail)
    {
        state.State.Changes++;
        context.Publish("changed", new { state.State.Changes });
        var job = context.EnqueueJob("test-q", new { Code = "print(1)", TimeLimitMs = 1000 });
        context.SetReminder("later", context.Now.AddHours(1));
        context.Record(new TestFact(context.Key, state.State.Changes));
        context.AfterCommit(() => TestSignals.Count($"after-commit:{context.Key}"));
        if (fail)
        {
            throw new InvalidOperationException("thrower failed on purpose");
        }
        return Task.FromResult(job);
    }
}
