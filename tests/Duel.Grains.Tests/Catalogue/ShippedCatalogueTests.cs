using System.Text.Json;
using Duel.Grains.Catalogue;

namespace Duel.Grains.Tests.Catalogue;

/// <summary>The challenge files in the repository's <c>challenges/</c>, as copied next to the test binaries.</summary>
public sealed class ShippedCatalogueTests
{
    private static readonly ChallengeLoadResult Shipped = ChallengeLoader.LoadDirectory(ChallengeDirectory.ShippedPath);

    public static TheoryData<string> Files =>
        [.. Directory.GetFiles(ChallengeDirectory.ShippedPath, "*.json").Select(f => Path.GetFileName(f)).Order()];

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_shipped_file_validates(string fileName)
    {
        var errors = new List<string>();

        var challenge = ChallengeLoader.LoadFile(
            Path.Combine(ChallengeDirectory.ShippedPath, fileName), $"challenges/{fileName}", errors);

        Assert.Empty(errors);
        Assert.NotNull(challenge);
        Assert.Equal(Path.GetFileNameWithoutExtension(fileName), challenge.Slug);
    }

    [Fact]
    public void Catalogue_has_at_least_twenty_challenges_across_all_difficulties()
    {
        Assert.Empty(Shipped.Errors);
        Assert.True(Shipped.Challenges.Count >= 20, $"only {Shipped.Challenges.Count} challenges");
        Assert.Equal(
            Enum.GetValues<Difficulty>().Order(),
            Shipped.Challenges.Select(c => c.Difficulty).Distinct().Order());
        Assert.All(Enum.GetValues<Difficulty>(), d => Assert.True(Shipped.Challenges.Count(c => c.Difficulty == d) >= 5, $"too few {d}"));
    }

    [Fact]
    public void The_palindrome_keeps_its_contract()
    {
        var palindrome = new ChallengeCatalogue(Shipped.Challenges).Find("palindrome");

        Assert.NotNull(palindrome);
        Assert.Equal("is_palindrome", palindrome.Function);
        Assert.Equal("def is_palindrome(s: str) -> bool", palindrome.Signature);
        Assert.Equal(Difficulty.Easy, palindrome.Difficulty);
    }

    [Fact]
    public void Catalogue_exercises_every_json_value_kind_and_float_tolerances()
    {
        var kinds = Shipped.Challenges
            .SelectMany(c => c.Examples.Concat(c.Tests))
            .SelectMany(t => t.Args.Append(t.Expected))
            .SelectMany(Descendants)
            .Select(e => e.ValueKind)
            .ToHashSet();

        Assert.Superset(
            new HashSet<JsonValueKind>
            {
                JsonValueKind.Object, JsonValueKind.Array, JsonValueKind.String, JsonValueKind.Number,
                JsonValueKind.True, JsonValueKind.False, JsonValueKind.Null,
            },
            kinds);
        Assert.True(Shipped.Challenges.Count(c => c.FloatTolerance is not null) >= 2);
    }

    [Fact]
    public void Titles_are_unique_and_every_challenge_has_a_plausible_wrong_solution()
    {
        Assert.Equal(Shipped.Challenges.Count, Shipped.Challenges.Select(c => c.Title).Distinct().Count());
        Assert.All(Shipped.Challenges, c => Assert.All(c.Wrong, w => Assert.Contains($"def {c.Function}(", w)));
        Assert.All(Shipped.Challenges, c => Assert.All(c.Wrong, w => Assert.NotEqual(c.Reference, w)));
    }

    private static IEnumerable<JsonElement> Descendants(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Descendants).Prepend(element),
        JsonValueKind.Object => element.EnumerateObject().Select(p => p.Value).SelectMany(Descendants).Prepend(element),
        _ => [element],
    };
}
