namespace Duel.Grains.Battles;

/// <summary>Read-model fact: a battle is running (the operators' <c>live_battles</c>); its finish removes it.</summary>
public sealed record BattleStarted(string Id, string Challenge, string PlayerA, string PlayerB, DateTimeOffset StartedAt, DateTimeOffset Deadline);
