using System.Text.Json.Serialization;

namespace Duel.Grains.Catalogue;

/// <summary>
/// One puzzle of the catalogue, loaded from <c>challenges/&lt;slug&gt;.json</c>. The hidden tests and the
/// solutions are excluded from JSON serialization so that handing a challenge to a client cannot leak them.
/// </summary>
public sealed record Challenge(
    string Slug,
    string Title,
    Difficulty Difficulty,
    string Statement,
    string Function,
    string Signature,
    string Starter,
    int TimeLimitMs,
    double? FloatTolerance,
    IReadOnlyList<ChallengeTest> Examples,
    [property: JsonIgnore] IReadOnlyList<ChallengeTest> Tests,
    [property: JsonIgnore] string Reference,
    [property: JsonIgnore] IReadOnlyList<string> Wrong)
{
    /// <summary>Number of tests a submission runs: visible examples plus hidden tests.</summary>
    public int SubmitTestCount => Examples.Count + Tests.Count;

    /// <summary>Builds the sandbox job for <paramref name="code"/>: Run sends the examples, Submit sends examples then hidden tests.</summary>
    public JudgeRequest ToJudgeRequest(string code, JudgeMode mode)
    {
        ArgumentNullException.ThrowIfNull(code);
        var visible = Examples.Select(e => new JudgeTestCase(e.Args, e.Expected, Hidden: false));
        var cases = mode switch
        {
            JudgeMode.Run => visible.ToList(),
            JudgeMode.Submit => visible.Concat(Tests.Select(t => new JudgeTestCase(t.Args, t.Expected, Hidden: true))).ToList(),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown judge mode"),
        };
        return new JudgeRequest(Slug, Function, code, mode, TimeLimitMs, FloatTolerance, cases);
    }
}
