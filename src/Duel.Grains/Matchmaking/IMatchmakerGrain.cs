using Duel.Grains.Battles;
using Orleans.Concurrency;

namespace Duel.Grains.Matchmaking;

/// <summary>
/// A matchmaking queue (key: a challenge slug, or <c>any</c> for a random challenge neither player
/// has solved). A new or waiting ticket is paired with the longest-waiting compatible ticket:
/// the rating gap must lie within both players' windows, which start at ±200 and widen with waiting
/// time (<see cref="MatchmakingOptions"/>). A join that pairs stores the pairing on the queue's turn,
/// then starts the battle off that turn (so the queue serves the next join meanwhile) before it
/// returns; a reminder retries pairing while two or more tickets wait and resumes unstarted pairings.
/// </summary>
/// <remarks>
/// A player is in at most one queue: joining while queued in another queue returns
/// <see cref="JoinStatus.QueuedElsewhere"/> (the player leaves that queue first); joining while in a
/// battle returns <see cref="JoinStatus.InBattle"/>.
/// </remarks>
[Alias("duel.IMatchmakerGrain")]
public interface IMatchmakerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Joins the queue, or reports the existing ticket (idempotent). May match at once: then the battle
    /// has started when this returns. Runs the queue's turn (<see cref="EnterWaiting"/>, with the other
    /// joins that arrived meanwhile) and then, interleaved with the queue's other calls, the battle's start.
    /// </summary>
    [AlwaysInterleave]
    [Alias("Join")]
    Task<JoinResult> Join(string playerId);

    /// <summary>
    /// The queue's turn of a join: takes a ticket, and when it pairs, stores the pairing and returns
    /// its <see cref="QueueEntry.Start"/> (the battle is not started yet). Call <see cref="Join"/> instead.
    /// </summary>
    [Alias("Enter")]
    Task<QueueEntry> Enter(string playerId);

    /// <summary>
    /// The queue's turn for the joins waiting in this activation (those that arrived while it was busy):
    /// each is entered as by <see cref="Enter"/>, all in one write. Called by <see cref="Join"/> only.
    /// </summary>
    [Alias("EnterWaiting")]
    Task EnterWaiting();

    /// <summary>Leaves the queue. Not queued here (e.g. matched a moment ago) is a result, not an error.</summary>
    [Alias("Leave")]
    Task<LeaveResult> Leave(string playerId);

    /// <summary>The player's ticket: position (1 = longest waiting), time waited and current window.</summary>
    [ReadOnly]
    [Alias("Status")]
    Task<QueueStatus> Status(string playerId);

    /// <summary>The waiting tickets, longest-waiting first (the web drops those whose players went away).</summary>
    [ReadOnly]
    [Alias("Waiting")]
    Task<IReadOnlyList<Ticket>> Waiting();
}

[GenerateSerializer, Alias("duel.JoinStatus")]

public enum JoinStatus
{
    /// <summary>Waiting; see position and window.</summary>
    Queued,

    /// <summary>Paired at once; <see cref="JoinResult.BattleId"/> is the new battle.</summary>
    Matched,

    /// <summary>Already in a battle (<see cref="JoinResult.BattleId"/>); finish it first.</summary>
    InBattle,

    /// <summary>Waiting in another queue (<see cref="JoinResult.OtherQueue"/>); leave it first.</summary>
    QueuedElsewhere,

    NotRegistered,
    UnknownQueue,
}

/// <summary>Outcome of <see cref="IMatchmakerGrain.Join"/>.</summary>
[GenerateSerializer, Alias("duel.JoinResult")]
public sealed record JoinResult(
    JoinStatus Status,
    string Queue,
    int Position,
    int Window,
    string? BattleId,
    string? OtherQueue,
    string Message)
{
    public bool Succeeded => Status is JoinStatus.Queued or JoinStatus.Matched;
}

/// <summary>A join as the queue's turn left it: a pairing's battle is to be started with <see cref="Start"/>.</summary>
[GenerateSerializer, Alias("duel.QueueEntry")]
public sealed record QueueEntry(JoinResult Result, BattleStart? Start);

[GenerateSerializer, Alias("duel.LeaveStatus")]

public enum LeaveStatus { Left, NotQueued }

[GenerateSerializer, Alias("duel.LeaveResult")]

public sealed record LeaveResult(LeaveStatus Status, string Message);

/// <summary>
/// A player's view of the queue. <see cref="Queued"/> is false when the player has no ticket here;
/// <see cref="Waiting"/> is the number of tickets in the queue either way.
/// </summary>
[GenerateSerializer, Alias("duel.QueueStatus")]
public sealed record QueueStatus(
    string Queue,
    bool Queued,
    int Position,
    TimeSpan Waited,
    int Window,
    int Waiting);
