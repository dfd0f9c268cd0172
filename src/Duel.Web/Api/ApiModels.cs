using System.Text.Json;
using Duel.Grains.Battles;
using Duel.Grains.Catalogue;

namespace Duel.Web.Api;

/// <summary>A challenge as the API shows it: never the hidden tests or the solutions.</summary>
public sealed record ChallengeDto(string Slug, string Title, string Difficulty, string Statement, string Function,
    string Signature, string Starter, int TimeLimitMs, IReadOnlyList<ExampleDto> Examples)
{
    public static ChallengeDto From(Challenge c) => new(c.Slug, c.Title, c.Difficulty.ToString().ToLowerInvariant(), c.Statement,
        c.Function, c.Signature, c.Starter, c.TimeLimitMs, [.. c.Examples.Select(e => new ExampleDto(e.Args, e.Expected))]);
}

public sealed record ExampleDto(IReadOnlyList<JsonElement> Args, JsonElement Expected);

public sealed record CodeBody(string? Code);

/// <summary>
/// A battle for one caller: both sides' progress, but run/submit details only for the caller's own
/// submissions (hidden tests carry only index and status, as everywhere).
/// </summary>
public sealed record BattleDto(string Id, string Challenge, string Phase, long Seq, DateTimeOffset StartedAt,
    DateTimeOffset Deadline, DateTimeOffset? FinishedAt, int TotalTests, IReadOnlyList<BattlePlayerView> Players,
    IReadOnlyList<SubmissionView> MySubmissions, BattleResultView? Result, RematchView? Rematch)
{
    public static BattleDto From(BattleView v, string? viewerId, long seq) => new(v.Id, v.Challenge,
        v.Phase.ToString().ToLowerInvariant(), seq, v.StartedAt, v.Deadline, v.FinishedAt, v.TotalTests, v.Players,
        [.. v.Submissions.Where(s => s.PlayerId == viewerId)], v.Result, v.Rematch);
}
