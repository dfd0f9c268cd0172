namespace Duel.Sandbox.Worker.Contracts;

/// <summary>A judge job's payload (snake_case JSON, see the team brief).</summary>
public sealed record JudgeRequest(
    string Challenge,
    string Function,
    string Code,
    string Mode,
    int TimeLimitMs,
    double? FloatTolerance,
    IReadOnlyList<JudgeTest> Tests);
