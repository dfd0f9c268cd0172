namespace Duel.Web.Realtime;

/// <summary>Hub → client "battle": rendered fragments (out-of-band swaps) after event <see cref="Seq"/> of the battle's stream.</summary>
public sealed record BattleUpdate(string BattleId, long Seq, string Type, string Html);

/// <summary>Hub → client "code": a player's editor snapshot.</summary>
public sealed record CodeUpdate(string BattleId, string PlayerId, long Seq, string Code);

/// <summary>Hub → client "matchFound": the player was paired (or a rematch started); go to the battle.</summary>
public sealed record MatchFound(string BattleId, string Url);

/// <summary>Reply to JoinBattle: the stream position now and both players' latest code.</summary>
public sealed record JoinReply(string BattleId, long Seq, bool IsPlayer, IReadOnlyList<CodeUpdate> Snapshots);

/// <summary>Reply to SendCode: ok | stale | throttled | too-large | forbidden.</summary>
public sealed record SendCodeReply(string Status, int RetryAfterMs = 0, string? Message = null)
{
    public static readonly SendCodeReply Ok = new("ok");
    public static readonly SendCodeReply Stale = new("stale");
}
