namespace Duel.Grains.Battles;

/// <summary>
/// Event types on the battle stream (<c>battle/{id}</c>) and their data records. Code snapshots are
/// ephemeral and published by the web, not here. The player stream (<c>player/{id}</c>) carries
/// <see cref="Matched"/>.
/// </summary>
public static class BattleEvents
{
    public const string Started = "started";
    public const string Submission = "submission";
    public const string Verdict = "verdict";
    public const string Finished = "finished";
    public const string Connection = "connection";
    public const string RematchOffered = "rematch-offered";
    public const string RematchStarted = "rematch-started";

    /// <summary>On the player stream: the player was paired into a battle.</summary>
    public const string Matched = "matched";
}

public sealed record BattleStartedEvent(string BattleId, string Challenge, string PlayerA, string PlayerB, DateTimeOffset Deadline);

public sealed record SubmissionEvent(string SubmissionId, string PlayerId, SubmissionKind Kind, DateTimeOffset SubmittedAt);

/// <summary>A judged run or submission, with both players' best progress after it.</summary>
public sealed record VerdictEvent(
    string SubmissionId,
    string PlayerId,
    SubmissionKind Kind,
    string Verdict,
    int Passed,
    int Total,
    IReadOnlyList<PlayerProgress> Progress);

public sealed record PlayerProgress(string PlayerId, int BestPassed, int Total);

public sealed record FinishedEvent(BattleOutcome Outcome, string? WinnerId, string Reason, IReadOnlyList<RatingChange> Ratings);

public sealed record ConnectionEvent(string PlayerId, bool Connected, DateTimeOffset? GraceDeadline);

public sealed record RematchOfferedEvent(string OfferedBy, DateTimeOffset ExpiresAt);

public sealed record RematchStartedEvent(string NewBattleId, string Challenge);

/// <summary>Data of the player stream's <c>matched</c> event.</summary>
public sealed record MatchedEvent(string BattleId, string? Queue);
