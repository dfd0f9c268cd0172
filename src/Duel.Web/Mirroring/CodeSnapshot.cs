namespace Duel.Web.Mirroring;

/// <summary>A full copy of a player's editor; <see cref="Seq"/> only grows (a client clock reading).</summary>
public sealed record CodeSnapshot(string BattleId, string PlayerId, long Seq, string Code);
