using System.Text.Json;

namespace Duel.Sandbox.Worker.Judging;

/// <summary>One parsed line from the harness's result pipe (values cloned out of the document).</summary>
internal sealed record HarnessLine(string Kind, int Index, string? Status, JsonElement? Value, string? Error, string? Stdout, string? Message)
{
    /// <summary>The ready line's CLOCK_MONOTONIC seconds at which the job's process began (timing only).</summary>
    public double? Started { get; init; }

    public static HarnessLine? Parse(ReadOnlySpan<byte> line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line.ToArray());
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String)
            {
                return null;
            }
            return new HarnessLine(
                kind.GetString()!,
                root.TryGetProperty("index", out var i) && i.ValueKind == JsonValueKind.Number && i.TryGetInt32(out var n) ? n : -1,
                Text(root, "status"),
                root.TryGetProperty("value", out var v) ? v.Clone() : null,
                Text(root, "error"),
                Text(root, "stdout"),
                Text(root, "message"))
            {
                Started = root.TryGetProperty("started", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetDouble() : null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
}
