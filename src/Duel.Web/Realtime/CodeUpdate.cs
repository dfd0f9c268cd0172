namespace Duel.Web.Realtime;

/// <summary>Hub → client "code": a player's editor snapshot.</summary>
public sealed record CodeUpdate(string BattleId, string PlayerId, long Seq, string Code);
