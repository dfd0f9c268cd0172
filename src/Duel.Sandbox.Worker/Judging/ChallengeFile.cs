using System.Text.Json;
using Duel.Sandbox.Worker.Contracts;

namespace Duel.Sandbox.Worker.Judging;

/// <summary>The judging-relevant part of <c>challenges/&lt;slug&gt;.json</c>.</summary>
internal sealed record ChallengeFile(
    string Slug,
    string Function,
    int TimeLimitMs,
    double? FloatTolerance,
    IReadOnlyList<ChallengeCase> Examples,
    IReadOnlyList<ChallengeCase> Tests,
    string Reference,
    IReadOnlyList<string> Wrong)
{
    public static ChallengeFile Load(string path) =>
        JsonSerializer.Deserialize<ChallengeFile>(File.ReadAllText(path), JudgeJson.Options)
        ?? throw new InvalidDataException($"{path} is empty");

    /// <summary>Visible examples first, then the hidden tests; "run" mode sends the examples only.</summary>
    public JudgeRequest ToRequest(string code, bool visibleOnly) =>
        new(Slug, Function, code, visibleOnly ? "run" : "submit", TimeLimitMs, FloatTolerance,
            [
                .. Examples.Select(e => new JudgeTest(e.Args, e.Expected, false)),
                .. visibleOnly ? [] : Tests.Select(t => new JudgeTest(t.Args, t.Expected, true)),
            ]);
}
