using System.Collections.Immutable;

namespace Duel.Grains.Matchmaking;

/// <summary>A queue's persistent state: its waiting tickets in join order.</summary>
public sealed record MatchmakerState
{
    public ImmutableList<Ticket> Tickets { get; init; } = [];

    /// <summary>Monotonic counter that orders tickets joined at the same instant.</summary>
    public long NextSeq { get; init; }

    /// <summary>Battles created by this queue (for operators).</summary>
    public long Matched { get; init; }

    /// <summary>Due time of the pairing reminder as last set, so an unchanged one is not set again.</summary>
    public DateTimeOffset? PairReminderDue { get; init; }
}
