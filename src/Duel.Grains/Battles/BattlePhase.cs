namespace Duel.Grains.Battles;

/// <summary>
/// None until started. Starting: stored before the players are moved in when nothing else would resume
/// the start (an invite, a rematch, a practice; a queue's stored pairing resumes its own), so a start cut
/// short by a crash is resumed (or undone) by the battle reminder. Finished is final.
/// </summary>
[GenerateSerializer, Alias("duel.BattlePhase")]
public enum BattlePhase { None, Active, Finished, Starting }
