using System.Text.Json;
using System.Text.Json.Nodes;
using Duel.Sandbox.Worker.Contracts;

namespace Duel.Sandbox.Worker.Jobs;

/// <summary>
/// A verdict as jsonb can hold it: PostgreSQL refuses U+0000 inside jsonb strings, and a
/// program may well return or print one, so NULs become U+FFFD (after the comparison).
/// </summary>
internal static class StorableJson
{
    public static string Of(Verdict verdict)
    {
        var json = JsonSerializer.Serialize(verdict, JudgeJson.Options);
        if (!json.Contains("\\u0000", StringComparison.Ordinal))
        {
            return json;
        }
        var node = JsonNode.Parse(json)!;
        return Clean(node)!.ToJsonString(JudgeJson.Options);
    }

    private static JsonNode? Clean(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    obj.Remove(key);
                    obj[key.Replace('\0', '\uFFFD')] = Clean(value);
                }
                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var item = array[i];
                    array[i] = null;
                    array[i] = Clean(item);
                }
                return array;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return JsonValue.Create(value.GetValue<string>().Replace('\0', '\uFFFD'));
            default:
                return node;
        }
    }
}
