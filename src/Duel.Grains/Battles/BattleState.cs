using System.Collections.Immutable;

namespace Duel.Grains.Battles;

/// <summary>
/// A battle's persistent state. Immutable: turns replace it with <c>with</c>. Submitted code is not
/// kept here (it travels in the job payload), so the state stays small.
/// </summary>
public sealed record BattleState
{
    public BattlePhase Phase { get; init; } = BattlePhase.None;
    public string Challenge { get; init; } = "";
    public string? Queue { get; init; }
    public string? RematchOf { get; init; }
    public int TotalTests { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset Deadline { get; init; }
    public ImmutableList<BattlePlayer> Players { get; init; } = [];
    public ImmutableList<Submission> Submissions { get; init; } = [];
    public DateTimeOffset? FinishedAt { get; init; }
    public BattleResultView? Result { get; init; }
    public RematchOffer? Rematch { get; init; }
}

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

/// <summary>A run or submission and, once judged, its sanitised verdict.</summary>
public sealed record Submission(
    string Id,
    string JobId,
    string PlayerId,
    SubmissionKind Kind,
    DateTimeOffset SubmittedAt,
    SubmissionStatus Status = SubmissionStatus.Pending,
    string? Verdict = null,
    int Passed = 0,
    int Total = 0,
    string? Message = null,
    int? ElapsedMs = null,
    ImmutableList<TestSummary>? Tests = null,
    DateTimeOffset? JudgedAt = null);

/// <summary>A rematch offer and, once accepted, the new battle.</summary>
public sealed record RematchOffer(string OfferedBy, DateTimeOffset ExpiresAt, string? NewBattleId = null);
