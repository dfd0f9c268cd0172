using System.Text.Json;
using Duel.Grains.Runtime;
using Npgsql;

namespace Duel.Silo.Events;

/// <summary>Reads stored events: to fill a gap in the notifications, or to fetch one too big for a payload.</summary>
internal sealed class EventStore(NpgsqlDataSource dataSource)
{
    private const string Range = """
        select seq, type, data::text from grain_events where stream = $1 and seq >= $2 and seq <= $3 order by seq
        """;

    private const string Overflow = """
        select stream, type, data::text from event_overflow where id = $1
        """;

    /// <summary>Events of <paramref name="stream"/> with from ≤ Seq ≤ to that are still stored, in order.</summary>
    public async Task<List<GrainEvent>> ReadAsync(string stream, long from, long to)
    {
        await using var command = dataSource.CreateCommand(Range);
        command.Parameters.Add(new NpgsqlParameter { Value = stream });
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        await using var reader = await command.ExecuteReaderAsync();
        var events = new List<GrainEvent>();
        while (await reader.ReadAsync())
        {
            events.Add(new GrainEvent(stream, reader.GetInt64(0), reader.GetString(1), Parse(reader.GetString(2))));
        }
        return events;
    }

    public async Task<GrainEvent?> ReadOverflowAsync(long id)
    {
        await using var command = dataSource.CreateCommand(Overflow);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync()
            ? new GrainEvent(reader.GetString(0), 0, reader.GetString(1), Parse(reader.GetString(2)))
            : null;
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
