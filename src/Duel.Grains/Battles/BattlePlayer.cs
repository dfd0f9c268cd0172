namespace Duel.Grains.Battles;

/// <summary>One side: name and rating at the start, progress, snapshot seq, connection.</summary>
public sealed record BattlePlayer(
    string Id,
    string Name,
    double Rating,
    double Deviation,
    int BestPassed = 0,
    long SnapshotSeq = 0,
    DateTimeOffset? DisconnectedAt = null,
    DateTimeOffset? GraceDeadline = null);
