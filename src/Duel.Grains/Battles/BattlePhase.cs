namespace Duel.Grains.Battles;

/// <summary>None until started; Finished is final.</summary>
public enum BattlePhase { None, Active, Finished }
