namespace Duel.Grains.Battles;

/// <summary>Forfeit, connection reports with the abandonment grace, and code-snapshot sequence numbers.</summary>
public sealed partial class BattleGrain
{
    public async Task<BattleCommandResult> Forfeit(string playerId)
    {
        if (Guard(playerId) is { } refused)
        {
            return refused;
        }

        await Finish(BattleOutcome.Forfeited, Opponent(playerId).Id, "forfeit");
        return BattleCommandResult.Ok("You forfeited.");
    }

    public Task<BattleCommandResult> ReportConnection(string playerId, bool connected)
    {
        if (Guard(playerId) is { } refused)
        {
            return Task.FromResult(refused);
        }

        var player = S.Players.Find(p => p.Id == playerId)!;
        var reminder = GracePrefix + playerId;
        if (connected && player.DisconnectedAt is not null)
        {
            State = S with { Players = UpdatePlayer(playerId, p => p with { DisconnectedAt = null, GraceDeadline = null }) };
            ClearReminder(reminder);
            Publish(BattleEvents.Connection, new ConnectionEvent(playerId, true, null));
        }
        else if (!connected && player.DisconnectedAt is null)
        {
            var grace = Now + _options.DisconnectGrace;
            State = S with { Players = UpdatePlayer(playerId, p => p with { DisconnectedAt = Now, GraceDeadline = grace }) };
            SetReminder(reminder, grace);
            Publish(BattleEvents.Connection, new ConnectionEvent(playerId, false, grace));
        }

        return Task.FromResult(BattleCommandResult.Ok(connected ? "Connected." : "Disconnected."));
    }

    public Task<BattleCommandResult> RecordSnapshot(string playerId, long seq)
    {
        if (Guard(playerId) is { } refused)
        {
            return Task.FromResult(refused);
        }

        // Snapshots can overtake each other between nodes; only a newer one moves the sequence. Kept in
        // memory, not in the state: the web stores the code itself, and writing the battle for this (once a
        // second per typing player) was a third of its state writes. After a reactivation the view shows the
        // last stored sequence until the next flush.
        if (seq > SnapshotSeq(S.Players.Find(p => p.Id == playerId)!))
        {
            _snapshotSeqs[playerId] = seq;
            _snapshotChanges++;
        }

        return Task.FromResult(BattleCommandResult.Ok("Snapshot recorded."));
    }

    private long SnapshotSeq(BattlePlayer player) => Math.Max(player.SnapshotSeq, _snapshotSeqs.GetValueOrDefault(player.Id));

    /// <summary>
    /// A player away beyond the grace loses by abandonment; when the opponent is away as well,
    /// nobody is there to win and the battle is void (no rating change).
    /// </summary>
    private async Task OnGraceExpired(string playerId)
    {
        var player = S.Players.Find(p => p.Id == playerId);
        if (player?.GraceDeadline is not { } grace)
        {
            return;
        }

        if (Now < grace)
        {
            SetReminder(GracePrefix + playerId, grace);
            return;
        }

        var opponent = Opponent(playerId);
        await Finish(BattleOutcome.Abandoned, opponent.DisconnectedAt is null ? opponent.Id : null, "abandoned");
    }
}
