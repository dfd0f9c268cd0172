namespace Duel.Grains.Battles;

/// <summary>How a finished battle ended.</summary>
[GenerateSerializer, Alias("duel.BattleOutcome")]
public enum BattleOutcome { Won, Drawn, Forfeited, Abandoned }
