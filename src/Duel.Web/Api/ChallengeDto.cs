using Duel.Grains.Catalogue;

namespace Duel.Web.Api;

/// <summary>A challenge as the API shows it: never the hidden tests or the solutions.</summary>
public sealed record ChallengeDto(string Slug, string Title, string Difficulty, string Statement, string Function,
    string Signature, string Starter, int TimeLimitMs, IReadOnlyList<ExampleDto> Examples)
{
    public static ChallengeDto From(Challenge c) => new(c.Slug, c.Title, c.Difficulty.ToString().ToLowerInvariant(), c.Statement,
        c.Function, c.Signature, c.Starter, c.TimeLimitMs, [.. c.Examples.Select(e => new ExampleDto(e.Args, e.Expected))]);
}
