namespace Duel.Sandbox.Worker.Contracts;

/// <summary>A job's result (snake_case JSON, see the team brief).</summary>
public sealed record Verdict(
    string Status,
    int Passed,
    int Total,
    string Message,
    long ElapsedMs,
    IReadOnlyList<TestVerdict> Tests)
{
    public const string StatusPassed = "passed";
    public const string StatusFailed = "failed";
    public const string StatusRejected = "rejected";
    public const string StatusTimeout = "timeout";
    public const string StatusMemory = "memory";
    public const string StatusOutputLimit = "output-limit";
    public const string StatusCrashed = "crashed";
    public const string StatusInternalError = "internal-error";
}
