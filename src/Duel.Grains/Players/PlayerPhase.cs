namespace Duel.Grains.Players;

/// <summary>New until registered; registered players never go back.</summary>
[GenerateSerializer, Alias("duel.PlayerPhase")]
public enum PlayerPhase { New, Registered }
