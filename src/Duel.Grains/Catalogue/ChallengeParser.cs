using System.Text.Json;
using System.Text.RegularExpressions;

namespace Duel.Grains.Catalogue;

/// <summary>
/// Reads one challenge file, collecting every problem as "file: field: problem" so that a broken
/// catalogue is fixed in one pass rather than one error per start-up.
/// </summary>
internal sealed partial class ChallengeParser(string file, List<string> errors)
{
    public const int MinTimeLimitMs = 100;
    public const int MaxTimeLimitMs = 10_000;
    public const int MinHiddenTests = 8;

    private static readonly HashSet<string> KnownFields =
    [
        "slug", "title", "difficulty", "statement", "function", "signature", "starter",
        "time_limit_ms", "float_tolerance", "examples", "tests", "reference", "wrong",
    ];

    private readonly ChallengeFieldReader _read = new(file, errors);

    public static Challenge? Parse(string file, string expectedSlug, string json, List<string> errors)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            errors.Add($"{file}: (json): invalid JSON: {ex.Message}");
            return null;
        }

        using (document)
        {
            return new ChallengeParser(file, errors).Read(document.RootElement, expectedSlug);
        }
    }

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierPattern();

    private Challenge? Read(JsonElement root, string expectedSlug)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            _read.Error("(root)", "must be a JSON object");
            return null;
        }

        var before = errors.Count;
        foreach (var property in root.EnumerateObject().Where(p => !KnownFields.Contains(p.Name)))
        {
            _read.Error(property.Name, "unknown field");
        }

        var slug = _read.RequiredString(root, "slug");
        if (slug is not null && !SlugPattern().IsMatch(slug))
        {
            _read.Error("slug", "must match ^[a-z0-9-]+$");
        }
        else if (slug is not null && slug != expectedSlug)
        {
            _read.Error("slug", $"\"{slug}\" does not match the file name \"{expectedSlug}.json\"");
        }

        var title = _read.RequiredString(root, "title");
        var difficulty = ReadDifficulty(root);
        var statement = _read.RequiredString(root, "statement");
        var function = _read.RequiredString(root, "function");
        if (function is not null && !IdentifierPattern().IsMatch(function))
        {
            _read.Error("function", "must be a Python identifier");
            function = null;
        }

        var signature = RequiredDefinition(root, "signature", function);
        var starter = RequiredDefinition(root, "starter", function);
        var reference = RequiredDefinition(root, "reference", function);
        var timeLimit = _read.RequiredInt(root, "time_limit_ms", MinTimeLimitMs, MaxTimeLimitMs);
        var tolerance = _read.OptionalTolerance(root, "float_tolerance");
        var examples = _read.Tests(root, "examples", 2, 3);
        var tests = _read.Tests(root, "tests", MinHiddenTests, int.MaxValue);
        var wrong = _read.NonEmptyStrings(root, "wrong");
        if (examples is not null && tests is not null)
        {
            CheckTestsAgainstExamples(examples, tests);
        }

        if (errors.Count > before)
        {
            return null;
        }

        return new Challenge(
            slug!, title!, difficulty!.Value, statement!, function!, signature!, starter!, timeLimit!.Value,
            tolerance, examples!, tests!, reference!, wrong!);
    }

    private Difficulty? ReadDifficulty(JsonElement root)
    {
        var text = _read.RequiredString(root, "difficulty");
        Difficulty? difficulty = text switch
        {
            "easy" => Difficulty.Easy,
            "medium" => Difficulty.Medium,
            "hard" => Difficulty.Hard,
            _ => null,
        };
        if (text is not null && difficulty is null)
        {
            _read.Error("difficulty", $"\"{text}\" is not one of easy, medium, hard");
        }

        return difficulty;
    }

    private string? RequiredDefinition(JsonElement root, string field, string? function)
    {
        var text = _read.RequiredString(root, field);
        if (text is not null && function is not null && !text.Contains($"def {function}(", StringComparison.Ordinal))
        {
            _read.Error(field, $"must define {function}(...)");
        }

        return text;
    }

    private void CheckTestsAgainstExamples(IReadOnlyList<ChallengeTest> examples, IReadOnlyList<ChallengeTest> tests)
    {
        var arity = examples[0].Args.Count;
        for (var i = 0; i < examples.Count; i++)
        {
            if (examples[i].Args.Count != arity)
            {
                _read.Error($"examples[{i}].args", $"has {examples[i].Args.Count} arguments, examples[0] has {arity}");
            }
        }

        for (var i = 0; i < tests.Count; i++)
        {
            if (tests[i].Args.Count != arity)
            {
                _read.Error($"tests[{i}].args", $"has {tests[i].Args.Count} arguments, examples[0] has {arity}");
            }

            var repeated = examples.Select((e, j) => (e, j)).FirstOrDefault(x => SameArgs(x.e, tests[i]));
            if (repeated.e is not null)
            {
                _read.Error($"tests[{i}].args", $"repeats visible examples[{repeated.j}]");
            }
        }
    }

    private static bool SameArgs(ChallengeTest a, ChallengeTest b) =>
        a.Args.Count == b.Args.Count && a.Args.Zip(b.Args).All(p => JsonElement.DeepEquals(p.First, p.Second));
}
