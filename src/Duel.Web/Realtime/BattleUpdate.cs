namespace Duel.Web.Realtime;

/// <summary>Hub → client "battle": rendered fragments (out-of-band swaps) after event <see cref="Seq"/> of the battle's stream.</summary>
public sealed record BattleUpdate(string BattleId, long Seq, string Type, string Html);
