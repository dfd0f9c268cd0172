namespace Duel.Grains.Players;

/// <summary>Who owns a display name; null while free.</summary>
public sealed record PlayerNameState
{
    public string? Owner { get; init; }
}
