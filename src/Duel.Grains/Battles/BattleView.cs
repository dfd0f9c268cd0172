using System.Collections.Immutable;
namespace Duel.Grains.Battles;

/// <summary>
/// A battle as a page renders it. <see cref="Exists"/> is false for an unknown id. Times are the
/// battle's own (deadline, grace, rematch expiry), so a reloaded page restores the exact state.
/// <see cref="RematchOpenUntil"/> is when offering a rematch stops being possible (set once finished).
/// <see cref="Seq"/> is the number of the last event on the battle's stream that this view includes.
/// </summary>
// [Immutable]: records, immutable lists and JsonElements all the way down, so a call from this silo (every
// web node co-hosts one) shares the view instead of deep-copying it; the copy showed in the web nodes'
// profile under load (docs/performance.md).
[GenerateSerializer, Immutable, Alias("duel.BattleView")]
public sealed record BattleView(
    string Id,
    bool Exists,
    string Challenge,
    BattlePhase Phase,
    DateTimeOffset StartedAt,
    DateTimeOffset Deadline,
    DateTimeOffset? FinishedAt,
    int TotalTests,
    ImmutableList<BattlePlayerView> Players,
    ImmutableList<SubmissionView> Submissions,
    BattleResultView? Result,
    RematchView? Rematch,
    DateTimeOffset? RematchOpenUntil,
    long Seq = 0,
    bool Rated = true,
    GhostSource? Ghost = null);

/// <summary>
/// A practice battle's ghost: the side with id <see cref="GhostSource.SideId"/> replays the recorded
/// code and submissions of player <see cref="PlayerId"/> in battle <see cref="BattleId"/>, at the same offsets.
/// </summary>
[GenerateSerializer, Alias("duel.GhostSource")]
public sealed record GhostSource(string BattleId, string PlayerId)
{
    /// <summary>The ghost's player id inside a practice battle (never a real player's id, which are 32 hex digits).</summary>
    public const string SideId = "ghost";
}

/// <summary>
/// One side of the battle: name and rating at the start, best submit result so far, latest code
/// snapshot sequence, while disconnected when the grace period runs out, and what the battle puts at
/// stake for this player (<see cref="Rating.Stake"/>, against the opponent's rating at the start).
/// </summary>
[GenerateSerializer, Alias("duel.BattlePlayerView")]
public sealed record BattlePlayerView(
    string Id,
    string Name,
    double Rating,
    double Deviation,
    int BestPassed,
    int Total,
    long SnapshotSeq,
    bool Connected,
    DateTimeOffset? GraceDeadline,
    Rating.Stake? Stake = null);

/// <summary>A run or submission; <see cref="Tests"/> is empty while pending.</summary>
[GenerateSerializer, Alias("duel.SubmissionView")]
public sealed record SubmissionView(
    string Id,
    string PlayerId,
    SubmissionKind Kind,
    DateTimeOffset SubmittedAt,
    SubmissionStatus Status,
    string? Verdict,
    int Passed,
    int Total,
    string? Message,
    int? ElapsedMs,
    ImmutableList<TestSummary> Tests,
    DateTimeOffset? JudgedAt = null);

/// <summary>The finish: outcome, winner (none on a draw or a void abandonment) and rating changes.</summary>
[GenerateSerializer, Alias("duel.BattleResultView")]
public sealed record BattleResultView(
    BattleOutcome Outcome,
    string? WinnerId,
    string Reason,
    ImmutableList<RatingChange> Ratings);

[GenerateSerializer, Alias("duel.RatingChange")]

public sealed record RatingChange(
    string PlayerId,
    double RatingBefore,
    double RatingAfter,
    double DeviationBefore,
    double DeviationAfter);

/// <summary>An open rematch offer, or the battle it started (<see cref="NewBattleId"/>).</summary>
[GenerateSerializer, Alias("duel.RematchView")]
public sealed record RematchView(string OfferedBy, DateTimeOffset ExpiresAt, string? NewBattleId);
