namespace Duel.Web.Mirroring;

/// <summary>A full copy of a player's editor; <see cref="Seq"/> only grows (a client clock reading).</summary>
public sealed record CodeSnapshot(string BattleId, string PlayerId, long Seq, string Code);

/// <summary>A snapshot and the server time it arrived: one step of a replay's timeline.</summary>
public sealed record TimedSnapshot(CodeSnapshot Snapshot, DateTimeOffset At);

/// <summary>What one flush writes: the latest snapshot per player, and every snapshot since the last flush.</summary>
public sealed record SnapshotBatch(IReadOnlyList<CodeSnapshot> Latest, IReadOnlyList<TimedSnapshot> Timeline)
{
    public bool IsEmpty => Latest.Count == 0 && Timeline.Count == 0;
}
