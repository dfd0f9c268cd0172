namespace Duel.Web.Realtime;

/// <summary>Hub → client "matchFound": the player was paired (or a rematch started); go to the battle.</summary>
public sealed record MatchFound(string BattleId, string Url);
