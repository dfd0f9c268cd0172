namespace Duel.Grains.Runtime;

/// <summary>
/// Base of every grain state: the number of the last event published on the grain's stream, stored
/// with the state so that Seq stays contiguous across activations and silos.
/// </summary>
[GenerateSerializer, Alias("duel.state")]
public abstract record DuelState
{
    [Id(0)]
    public long EventSeq { get; init; }
}
