namespace Duel.Grains.Runtime;

/// <summary>
/// A grain's persistent state, injected into the grain's constructor the way Orleans injects
/// <c>IPersistentState&lt;T&gt;</c>. The runtime writes it back at the end of the turn when it changed.
/// </summary>
public interface IPersistentState<TState> where TState : class, new()
{
    TState State { get; set; }

    /// <summary>The version loaded at the start of the turn (0 before the first write).</summary>
    long Version { get; }

    bool RecordExists { get; }
}
