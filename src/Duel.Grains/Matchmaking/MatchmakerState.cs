using System.Collections.Immutable;
using Duel.Grains.Runtime;

namespace Duel.Grains.Matchmaking;

/// <summary>A queue's persistent state: its waiting tickets in join order.</summary>
[GenerateSerializer, Alias("duel.MatchmakerState")]
public sealed record MatchmakerState : DuelState
{
    [Id(0)]
    public ImmutableList<Ticket> Tickets { get; init; } = [];

    /// <summary>Monotonic counter that orders tickets joined at the same instant.</summary>
    [Id(1)]
    public long NextSeq { get; init; }

    /// <summary>Battles created by this queue (for operators).</summary>
    [Id(2)]
    public long Matched { get; init; }

    /// <summary>Due time of the pairing reminder as last set, so an unchanged one is not set again.</summary>
    [Id(3)]
    public DateTimeOffset? PairReminderDue { get; init; }

    /// <summary>Stored by an earlier version (one pairing at a time); moved into <see cref="Pairings"/> when read.</summary>
    [Id(4)]
    public PendingPairing? Pairing { get; init; }

    /// <summary>Pairs taken out of the queue whose battles may not have started yet (pairing protocol).</summary>
    [Id(5)]
    public ImmutableList<PendingPairing> Pairings { get; init; } = [];
}

/// <summary>Two tickets promised to one battle; resumed with the same battle id after a crash.</summary>
[GenerateSerializer, Alias("duel.PendingPairing")]
public sealed record PendingPairing(string BattleId, string Challenge, Ticket First, Ticket Second);
