namespace Duel.Grains.Battles;

/// <summary>A rematch offer and, once accepted, the new battle.</summary>
public sealed record RematchOffer(string OfferedBy, DateTimeOffset ExpiresAt, string? NewBattleId = null);
