namespace Duel.Grains.Matchmaking;

/// <summary>A waiting player: rating as of joining, and when they joined.</summary>
[GenerateSerializer, Alias("duel.Ticket")]
public sealed record Ticket(string PlayerId, double Rating, DateTimeOffset JoinedAt, long Seq);
