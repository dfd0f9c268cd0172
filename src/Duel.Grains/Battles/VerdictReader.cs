using System.Collections.Immutable;
using System.Text.Json;

namespace Duel.Grains.Battles;

/// <summary>
/// Reads the contract's Verdict JSON defensively: a malformed verdict becomes an internal-error
/// verdict instead of an exception, and hidden tests are stripped to index, hidden and status
/// whatever the worker sent. Long texts are cut so one verdict cannot bloat the battle's state.
/// </summary>
public static class VerdictReader
{
    public const int MaxText = 2000;
    private const int MaxTests = 200;

    public static VerdictSummary Read(JsonElement verdict)
    {
        if (verdict.ValueKind != JsonValueKind.Object
            || Text(verdict, "status") is not { } status
            || Int(verdict, "passed") is not { } passed
            || Int(verdict, "total") is not { } total)
        {
            return new("internal-error", 0, 0, "The judge returned an unreadable verdict.", null, []);
        }

        var tests = ImmutableList.CreateBuilder<TestSummary>();
        if (verdict.TryGetProperty("tests", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var test in list.EnumerateArray().Take(MaxTests))
            {
                if (test.ValueKind == JsonValueKind.Object)
                {
                    tests.Add(ReadTest(test, tests.Count));
                }
            }
        }

        return new(status, passed, total, Text(verdict, "message"), Int(verdict, "elapsed_ms"), tests.ToImmutable());
    }

    private static TestSummary ReadTest(JsonElement test, int position)
    {
        var index = Int(test, "index") ?? position;
        var hidden = !test.TryGetProperty("hidden", out var h) || h.ValueKind != JsonValueKind.False;
        var status = Text(test, "status") ?? "not-run";
        if (hidden)
        {
            return new TestSummary(index, true, status);
        }

        return new TestSummary(
            index, false, status, Value(test, "args"), Value(test, "expected"), Value(test, "actual"),
            Text(test, "error"), Text(test, "stdout"));
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? Cut(value.GetString()!)
            : null;

    private static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : null;

    /// <summary>A copy that outlives the caller's document; an oversized value becomes a note.</summary>
    private static JsonElement? Value(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        var raw = value.GetRawText();
        return raw.Length <= MaxText
            ? value.Clone()
            : JsonSerializer.SerializeToElement($"(a value of {raw.Length} characters, not shown)");
    }

    private static string Cut(string text) => text.Length <= MaxText ? text : string.Concat(text.AsSpan(0, MaxText), "…");
}
