using System.Text.Json;
using System.Text.Json.Serialization;
using Duel.Grains.Battles;

namespace Duel.Web.Replays;

/// <summary>
/// A finished battle as a replay: both sides' code over time and their runs and submissions, all as
/// milliseconds from the battle's start. The page embeds it as JSON and the API returns it unchanged.
/// </summary>
public sealed record Replay(
    string BattleId,
    string Challenge,
    string ChallengeTitle,
    DateTimeOffset StartedAt,
    long DurationMs,
    ReplayResult? Result,
    IReadOnlyList<ReplaySide> Sides)
{
    /// <summary>The API's shape (camelCase, enums as names). The default encoder escapes &lt; and &gt;, so the text is safe inside a script element.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>
/// One side. <see cref="Steps"/> are ordered and their offsets never decrease; before the first step
/// the editor is empty. <see cref="Ghost"/> marks a practice battle's recorded opponent.
/// </summary>
public sealed record ReplaySide(
    string PlayerId,
    string Name,
    bool Ghost,
    IReadOnlyList<ReplayStep> Steps,
    IReadOnlyList<ReplaySubmission> Submissions,
    string FinalCode);

/// <summary>The editor's whole text from <see cref="OffsetMs"/> until the next step.</summary>
public sealed record ReplayStep(long OffsetMs, string Code);

/// <summary>A run or submission when it was made; <see cref="Verdict"/> is null if it was still being judged at the end.</summary>
public sealed record ReplaySubmission(string Id, long OffsetMs, SubmissionKind Kind, string? Verdict, int Passed, int Total)
{
    /// <summary>The marker's colour: every test passed, some failed, or the code did not run properly (error, timeout, rejected).</summary>
    [JsonIgnore]
    public string Tone => Verdict switch
    {
        null => "pending",
        "passed" when Total > 0 && Passed == Total => "ok",
        "passed" or "failed" => "warn",
        _ => "bad",
    };
}

/// <summary>How the battle ended; no winner on a draw or a void abandonment.</summary>
public sealed record ReplayResult(BattleOutcome Outcome, string? WinnerId, string? WinnerName, string Reason);

/// <summary>Whether a battle has a replay: only a finished one does.</summary>
public enum ReplayStatus { Ok, NotFound, NotFinished }

/// <summary>What <see cref="BattleReplays.LoadAsync"/> found: a replay, or why there is none (with its status code and message).</summary>
public sealed record ReplayLookup(ReplayStatus Status, Replay? Replay)
{
    public static readonly ReplayLookup NotFound = new(ReplayStatus.NotFound, null);

    public static readonly ReplayLookup NotFinished = new(ReplayStatus.NotFinished, null);

    public int StatusCode => Status switch
    {
        ReplayStatus.Ok => StatusCodes.Status200OK,
        ReplayStatus.NotFinished => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status404NotFound,
    };

    public string Message => Status switch
    {
        ReplayStatus.Ok => "",
        ReplayStatus.NotFinished => "The replay opens when the battle ends.",
        _ => "There is no such battle.",
    };
}
