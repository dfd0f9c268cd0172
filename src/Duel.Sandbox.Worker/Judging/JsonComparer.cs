using System.Text.Json;

namespace Duel.Sandbox.Worker.Judging;

/// <summary>
/// Compares an actual value (plain JSON from the harness) with the expected one, outside the
/// sandbox. Numbers compare by value (2 == 2.0, as in Python), within the challenge's
/// tolerance when it has one; booleans never equal numbers; object key order is irrelevant.
/// </summary>
internal static class JsonComparer
{
    public static bool Equal(JsonElement expected, JsonElement actual, double? tolerance)
    {
        if (expected.ValueKind != actual.ValueKind)
        {
            return false;
        }
        switch (expected.ValueKind)
        {
            case JsonValueKind.Number:
                return Numbers(expected, actual, tolerance);
            case JsonValueKind.String:
                return expected.GetString() == actual.GetString();
            case JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null:
                return true;
            case JsonValueKind.Array:
                if (expected.GetArrayLength() != actual.GetArrayLength())
                {
                    return false;
                }
                return expected.EnumerateArray().Zip(actual.EnumerateArray()).All(p => Equal(p.First, p.Second, tolerance));
            case JsonValueKind.Object:
                var a = new Dictionary<string, JsonElement>();
                foreach (var p in actual.EnumerateObject())
                {
                    a[p.Name] = p.Value;
                }
                var count = 0;
                foreach (var p in expected.EnumerateObject())
                {
                    count++;
                    if (!a.TryGetValue(p.Name, out var v) || !Equal(p.Value, v, tolerance))
                    {
                        return false;
                    }
                }
                return count == a.Count;
            default:
                return false;
        }
    }

    private static bool Numbers(JsonElement expected, JsonElement actual, double? tolerance)
    {
        if (expected.TryGetDecimal(out var e) && actual.TryGetDecimal(out var a) && e == a)
        {
            return true;
        }
        if (expected.GetRawText() == actual.GetRawText())
        {
            return true;
        }
        if (tolerance is not { } tol || !expected.TryGetDouble(out var ed) || !actual.TryGetDouble(out var ad))
        {
            return false;
        }
        return Math.Abs(ed - ad) <= tol * Math.Max(1.0, Math.Abs(ed));
    }
}
