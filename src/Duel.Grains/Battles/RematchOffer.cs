namespace Duel.Grains.Battles;

/// <summary>A rematch offer and, once accepted, the new battle.</summary>
[GenerateSerializer, Alias("duel.RematchOffer")]
public sealed record RematchOffer(string OfferedBy, DateTimeOffset ExpiresAt, string? NewBattleId = null);
