using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Duel.Silo.Events;

/// <summary>
/// The NOTIFY payload format: a JSON array of events, each <c>{"s":stream,"q":seq,"t":type,"d":data}</c>, or a
/// reference for one too big to carry: <c>{"s","q","r":1}</c> (read from grain_events) or
/// <c>{"s","q":0,"o":id}</c> (an ephemeral event parked in event_overflow).
/// </summary>
internal static class NotifyPayload
{
    /// <summary>PostgreSQL's limit is 8,000 bytes; stay clear of it.</summary>
    public const int MaxBytes = 7_500;

    public static byte[] Inline(OutgoingEvent e) => Write(w =>
    {
        w.WriteString("s", e.Stream);
        w.WriteNumber("q", e.Seq);
        w.WriteString("t", e.Type);
        w.WritePropertyName("d");
        w.WriteRawValue(e.Data, skipInputValidation: true);
    });

    public static byte[] Reference(OutgoingEvent e, long? overflowId) => Write(w =>
    {
        w.WriteString("s", e.Stream);
        w.WriteNumber("q", e.Seq);
        if (overflowId is { } id)
        {
            w.WriteNumber("o", id);
        }
        else
        {
            w.WriteNumber("r", 1);
        }
    });

    /// <summary>Packs items (each already small enough) into as few arrays of at most <see cref="MaxBytes"/> as it can.</summary>
    public static List<string> Pack(IEnumerable<byte[]> items)
    {
        var payloads = new List<string>();
        var current = new StringBuilder("[");
        var size = 2;
        foreach (var item in items)
        {
            if (size + item.Length + 1 > MaxBytes && current.Length > 1)
            {
                payloads.Add(current.Append(']').ToString());
                current.Clear().Append('[');
                size = 2;
            }
            if (current.Length > 1)
            {
                current.Append(',');
                size++;
            }
            current.Append(Encoding.UTF8.GetString(item));
            size += item.Length;
        }
        if (current.Length > 1)
        {
            payloads.Add(current.Append(']').ToString());
        }
        return payloads;
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
