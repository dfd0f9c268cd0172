using System.Text.Json;

namespace Duel.Grains.Catalogue;

/// <summary>Typed access to the fields of a challenge file; each problem is reported as "file: field: problem".</summary>
internal sealed class ChallengeFieldReader(string file, List<string> errors)
{
    private static readonly HashSet<string> TestFields = ["args", "expected"];

    public void Error(string field, string problem) => errors.Add($"{file}: {field}: {problem}");

    public string? RequiredString(JsonElement parent, string field)
    {
        if (!parent.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            Error(field, "required");
            return null;
        }

        return StringValue(value, field);
    }

    public int? RequiredInt(JsonElement parent, string field, int min, int max)
    {
        if (!parent.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            Error(field, "required");
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            Error(field, "must be an integer");
            return null;
        }

        if (number < min || number > max)
        {
            Error(field, $"must be between {min} and {max}");
            return null;
        }

        return number;
    }

    public double? OptionalTolerance(JsonElement parent, string field)
    {
        if (!parent.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || value.GetDouble() is not (> 0 and < 1))
        {
            Error(field, "must be a number greater than 0 and less than 1");
            return null;
        }

        return value.GetDouble();
    }

    public IReadOnlyList<ChallengeTest>? Tests(JsonElement parent, string field, int min, int max)
    {
        if (!TryArray(parent, field, out var array))
        {
            return null;
        }

        var count = array.GetArrayLength();
        if (count < min || count > max)
        {
            Error(field, max == int.MaxValue ? $"needs at least {min} entries, has {count}" : $"needs {min} to {max} entries, has {count}");
        }

        var tests = new List<ChallengeTest>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var test = Test(item, $"{field}[{index++}]");
            if (test is not null)
            {
                tests.Add(test);
            }
        }

        return tests.Count == count ? tests : null;
    }

    public IReadOnlyList<string>? NonEmptyStrings(JsonElement parent, string field)
    {
        if (!TryArray(parent, field, out var array))
        {
            return null;
        }

        if (array.GetArrayLength() == 0)
        {
            Error(field, "needs at least one entry");
            return null;
        }

        var values = array.EnumerateArray().Select((item, i) => StringValue(item, $"{field}[{i}]")).ToList();
        return values.All(v => v is not null) ? values.Select(v => v!).ToList() : null;
    }

    private ChallengeTest? Test(JsonElement item, string path)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            Error(path, "must be an object with args and expected");
            return null;
        }

        foreach (var property in item.EnumerateObject().Where(p => !TestFields.Contains(p.Name)))
        {
            Error($"{path}.{property.Name}", "unknown field");
        }

        var ok = TryArray(item, "args", out var args, path);
        if (!item.TryGetProperty("expected", out var expected))
        {
            // None is a legitimate expected value, so only a missing key is an error.
            Error($"{path}.expected", "required");
            ok = false;
        }

        return ok ? new ChallengeTest(args.EnumerateArray().Select(a => a.Clone()).ToList(), expected.Clone()) : null;
    }

    private bool TryArray(JsonElement parent, string field, out JsonElement array, string? prefix = null)
    {
        var path = prefix is null ? field : $"{prefix}.{field}";
        if (!parent.TryGetProperty(field, out array) || array.ValueKind == JsonValueKind.Null)
        {
            Error(path, "required");
            return false;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            Error(path, "must be an array");
            return false;
        }

        return true;
    }

    private string? StringValue(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            Error(path, "must be a string");
            return null;
        }

        var text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
        {
            Error(path, "must not be empty");
            return null;
        }

        return text;
    }
}
