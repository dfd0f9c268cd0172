namespace Duel.Grains.Battles;

/// <summary>
/// One side: name and rating at the start (a player is in one battle at a time, so it is still their
/// rating at the finish), progress, snapshot seq, connection.
/// </summary>
[GenerateSerializer, Alias("duel.BattlePlayer")]
public sealed record BattlePlayer(
    string Id,
    string Name,
    double Rating,
    double Deviation,
    int BestPassed = 0,
    long SnapshotSeq = 0,
    DateTimeOffset? DisconnectedAt = null,
    DateTimeOffset? GraceDeadline = null,
    double Volatility = 0.06);
