namespace Duel.Grains.Battles;

/// <summary>
/// A battle as a page renders it. <see cref="Exists"/> is false for an unknown id. Times are the
/// battle's own (deadline, grace, rematch expiry), so a reloaded page restores the exact state.
/// <see cref="RematchOpenUntil"/> is when offering a rematch stops being possible (set once finished).
/// </summary>
public sealed record BattleView(
    string Id,
    bool Exists,
    string Challenge,
    BattlePhase Phase,
    DateTimeOffset StartedAt,
    DateTimeOffset Deadline,
    DateTimeOffset? FinishedAt,
    int TotalTests,
    IReadOnlyList<BattlePlayerView> Players,
    IReadOnlyList<SubmissionView> Submissions,
    BattleResultView? Result,
    RematchView? Rematch,
    DateTimeOffset? RematchOpenUntil);

/// <summary>
/// One side of the battle: name and rating at the start, best submit result so far, latest code
/// snapshot sequence, and — while disconnected — when the grace period runs out.
/// </summary>
public sealed record BattlePlayerView(
    string Id,
    string Name,
    double Rating,
    double Deviation,
    int BestPassed,
    int Total,
    long SnapshotSeq,
    bool Connected,
    DateTimeOffset? GraceDeadline);

/// <summary>A run or submission; <see cref="Tests"/> is empty while pending.</summary>
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
    IReadOnlyList<TestSummary> Tests);

/// <summary>The finish: outcome, winner (none on a draw or a void abandonment) and rating changes.</summary>
public sealed record BattleResultView(
    BattleOutcome Outcome,
    string? WinnerId,
    string Reason,
    IReadOnlyList<RatingChange> Ratings);

public sealed record RatingChange(
    string PlayerId,
    double RatingBefore,
    double RatingAfter,
    double DeviationBefore,
    double DeviationAfter);

/// <summary>An open rematch offer, or the battle it started (<see cref="NewBattleId"/>).</summary>
public sealed record RematchView(string OfferedBy, DateTimeOffset ExpiresAt, string? NewBattleId);
