using Duel.Grains.Runtime;

namespace Duel.Grains.Players;

/// <summary>Who owns a display name; null while free.</summary>
[GenerateSerializer, Alias("duel.PlayerNameState")]
public sealed record PlayerNameState : DuelState
{
    [Id(0)]
    public string? Owner { get; init; }
}
