namespace Duel.Silo.Runtime;

/// <summary>A grain loaded into one turn (attempt): its instance, its state and its event counter.</summary>
internal sealed class Activation(GrainRegistration registration, string key, StateHolder? state, long eventSeq, bool locked)
{
    public GrainRegistration Registration { get; } = registration;

    public string Key { get; } = key;

    public StateHolder? State { get; } = state;

    /// <summary>False for a read-only load: no row lock, nothing may be written.</summary>
    public bool Locked { get; } = locked;

    public long LoadedEventSeq { get; } = eventSeq;

    /// <summary>The last Seq handed out on this grain's stream in this turn.</summary>
    public long EventSeq { get; set; } = eventSeq;

    public object Grain { get; set; } = null!;

    public string Stream => $"{Registration.TypeName}/{Key}";

    public override string ToString() => $"{Stream} (level {Registration.Level})";
}
