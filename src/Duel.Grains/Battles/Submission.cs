using System.Collections.Immutable;

namespace Duel.Grains.Battles;

/// <summary>A run or submission and, once judged, its sanitised verdict.</summary>
[GenerateSerializer, Alias("duel.Submission")]
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
