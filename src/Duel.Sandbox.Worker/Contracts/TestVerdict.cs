using System.Text.Json;

namespace Duel.Sandbox.Worker.Contracts;

/// <summary>
/// One test's outcome. A hidden test carries only index, hidden and status: its input,
/// expected and actual values and printed output never leave the worker.
/// </summary>
public sealed record TestVerdict(
    int Index,
    bool Hidden,
    string Status,
    JsonElement? Args = null,
    JsonElement? Expected = null,
    JsonElement? Actual = null,
    string? Error = null,
    string? Stdout = null)
{
    public const string PassedStatus = "passed";
    public const string WrongAnswerStatus = "wrong-answer";
    public const string ErrorStatus = "error";
    public const string TimeoutStatus = "timeout";
    public const string NotRunStatus = "not-run";
}
