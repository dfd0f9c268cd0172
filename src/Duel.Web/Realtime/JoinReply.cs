namespace Duel.Web.Realtime;

/// <summary>Reply to JoinBattle: the stream position now and both players' latest code.</summary>
public sealed record JoinReply(string BattleId, long Seq, bool IsPlayer, IReadOnlyList<CodeUpdate> Snapshots);
