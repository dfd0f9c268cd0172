namespace Duel.Grains.Battles;

/// <summary>
/// None until started. Starting: stored before the players are moved in, so a start cut short by a
/// crash is resumed (or undone) by the battle reminder. Finished is final.
/// </summary>
[GenerateSerializer, Alias("duel.BattlePhase")]
public enum BattlePhase { None, Active, Finished, Starting }
