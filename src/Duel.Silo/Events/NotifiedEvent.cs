using System.Text.Json;

namespace Duel.Silo.Events;

/// <summary>One item of a NOTIFY payload: the event itself, or a reference to where it is stored.</summary>
internal sealed record NotifiedEvent(string Stream, long Seq, string? Type, JsonElement? Data, long? OverflowId)
{
    public static NotifiedEvent From(JsonElement item)
    {
        var stream = item.GetProperty("s").GetString()!;
        var seq = item.GetProperty("q").GetInt64();
        if (item.TryGetProperty("d", out var data))
        {
            return new NotifiedEvent(stream, seq, item.GetProperty("t").GetString(), data.Clone(), null);
        }
        return new NotifiedEvent(stream, seq, null, null, item.TryGetProperty("o", out var id) ? id.GetInt64() : null);
    }
}
