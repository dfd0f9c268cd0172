namespace Duel.Grains.Players;

/// <summary>New until registered; registered players never go back.</summary>
public enum PlayerPhase { New, Registered }
