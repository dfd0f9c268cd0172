using System.Text.Json.Nodes;
using Duel.Grains.Catalogue;

namespace Duel.Grains.Tests.Catalogue;

public sealed class ChallengeLoaderTests
{
    [Fact]
    public void Valid_file_loads_every_field()
    {
        using var dir = new ChallengeDirectory().Write("palindrome.json", ChallengeDirectory.Palindrome());

        var result = ChallengeLoader.LoadDirectory(dir.Path);

        Assert.Empty(result.Errors);
        var challenge = Assert.Single(result.Challenges);
        Assert.Equal("palindrome", challenge.Slug);
        Assert.Equal(Difficulty.Easy, challenge.Difficulty);
        Assert.Equal("is_palindrome", challenge.Function);
        Assert.Equal(1000, challenge.TimeLimitMs);
        Assert.Null(challenge.FloatTolerance);
        Assert.Equal(3, challenge.Examples.Count);
        Assert.Equal(10, challenge.Tests.Count);
        Assert.Equal("A man, a plan, a canal: Panama", challenge.Examples[0].Args[0].GetString());
        Assert.True(challenge.Examples[0].Expected.GetBoolean());
        Assert.Equal(2, challenge.Wrong.Count);
        Assert.Contains("def is_palindrome(", challenge.Reference);
    }

    public static TheoryData<string, string, Action<JsonObject>, string> BrokenFiles => new()
    {
        { "missing title", "palindrome.json", c => c.Remove("title"), "challenges/palindrome.json: title: required" },
        { "missing reference", "palindrome.json", c => c.Remove("reference"), "challenges/palindrome.json: reference: required" },
        { "uppercase slug", "Palindrome.json", c => c["slug"] = "Palindrome", "challenges/Palindrome.json: slug: must match ^[a-z0-9-]+$" },
        { "slug differs from file", "other.json", c => { }, "challenges/other.json: slug: \"palindrome\" does not match the file name \"other.json\"" },
        { "hidden test repeats example", "palindrome.json", c => c["tests"]![4] = c["examples"]![1]!.DeepClone(), "challenges/palindrome.json: tests[4].args: repeats visible examples[1]" },
        { "test without args", "palindrome.json", c => c["tests"]![3]!.AsObject().Remove("args"), "challenges/palindrome.json: tests[3].args: required" },
        { "test without expected", "palindrome.json", c => c["tests"]![2]!.AsObject().Remove("expected"), "challenges/palindrome.json: tests[2].expected: required" },
        { "too few tests", "palindrome.json", c => c["tests"] = new JsonArray(c["tests"]!.AsArray().Take(7).Select(t => t!.DeepClone()).ToArray()), "challenges/palindrome.json: tests: needs at least 8 entries, has 7" },
        { "one example", "palindrome.json", c => c["examples"] = new JsonArray(c["examples"]![0]!.DeepClone()), "challenges/palindrome.json: examples: needs 2 to 3 entries, has 1" },
        { "bad difficulty", "palindrome.json", c => c["difficulty"] = "trivial", "challenges/palindrome.json: difficulty: \"trivial\" is not one of easy, medium, hard" },
        { "function not an identifier", "palindrome.json", c => c["function"] = "is-palindrome", "challenges/palindrome.json: function: must be a Python identifier" },
        { "starter defines another function", "palindrome.json", c => c["starter"] = "def solve(s):\n    pass\n", "challenges/palindrome.json: starter: must define is_palindrome(...)" },
        { "time limit too high", "palindrome.json", c => c["time_limit_ms"] = 60000, "challenges/palindrome.json: time_limit_ms: must be between 100 and 10000" },
        { "time limit not a number", "palindrome.json", c => c["time_limit_ms"] = "1s", "challenges/palindrome.json: time_limit_ms: must be an integer" },
        { "negative tolerance", "palindrome.json", c => c["float_tolerance"] = -0.5, "challenges/palindrome.json: float_tolerance: must be a number greater than 0 and less than 1" },
        { "no wrong solution", "palindrome.json", c => c["wrong"] = new JsonArray(), "challenges/palindrome.json: wrong: needs at least one entry" },
        { "wrong solution not a string", "palindrome.json", c => c["wrong"]![1] = 42, "challenges/palindrome.json: wrong[1]: must be a string" },
        { "arity differs", "palindrome.json", c => c["tests"]![5]!["args"] = new JsonArray("a", "b"), "challenges/palindrome.json: tests[5].args: has 2 arguments, examples[0] has 1" },
        { "typo in a field name", "palindrome.json", c => c["time_limit"] = 1000, "challenges/palindrome.json: time_limit: unknown field" },
    };

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void Broken_file_is_rejected_naming_file_and_field(string why, string fileName, Action<JsonObject> breakIt, string error)
    {
        var challenge = ChallengeDirectory.Palindrome();
        breakIt(challenge);
        using var dir = new ChallengeDirectory().Write(fileName, challenge);

        var result = ChallengeLoader.LoadDirectory(dir.Path);

        Assert.False(result.IsValid, why);
        Assert.Empty(result.Challenges);
        Assert.Contains(error, result.Errors);
    }

    [Fact]
    public void Invalid_json_names_the_file()
    {
        using var dir = new ChallengeDirectory()
            .Write("palindrome.json", ChallengeDirectory.Palindrome())
            .WriteText("broken.json", "{ \"slug\": \"broken\", ");

        var result = ChallengeLoader.LoadDirectory(dir.Path);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("challenges/broken.json: (json): invalid JSON", error);
        Assert.Equal("palindrome", Assert.Single(result.Challenges).Slug);
    }

    [Fact]
    public void Every_problem_of_a_file_is_reported_at_once()
    {
        var challenge = ChallengeDirectory.Palindrome();
        challenge.Remove("title");
        challenge["difficulty"] = "extreme";
        challenge["tests"]![0]!.AsObject().Remove("args");
        using var dir = new ChallengeDirectory().Write("palindrome.json", challenge);

        var errors = ChallengeLoader.LoadDirectory(dir.Path).Errors;

        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void Missing_or_empty_directory_is_an_error()
    {
        using var dir = new ChallengeDirectory();

        Assert.Contains("contains no challenge files", Assert.Single(ChallengeLoader.LoadDirectory(dir.Path).Errors));
        Assert.Contains("not found", Assert.Single(ChallengeLoader.LoadDirectory(System.IO.Path.Combine(dir.Path, "nope")).Errors));
    }

    [Fact]
    public void Null_expected_value_is_allowed()
    {
        var challenge = ChallengeDirectory.Palindrome();
        challenge["tests"]![0]!["expected"] = null;
        using var dir = new ChallengeDirectory().Write("palindrome.json", challenge);

        var result = ChallengeLoader.LoadDirectory(dir.Path);

        Assert.Empty(result.Errors);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, result.Challenges[0].Tests[0].Expected.ValueKind);
    }
}
