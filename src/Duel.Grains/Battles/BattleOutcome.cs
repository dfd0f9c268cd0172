namespace Duel.Grains.Battles;

/// <summary>How a finished battle ended.</summary>
public enum BattleOutcome { Won, Drawn, Forfeited, Abandoned }
