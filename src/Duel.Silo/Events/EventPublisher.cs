using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Duel.Silo.Events;

/// <summary>
/// Sends committed events to other nodes. Every notifying commit takes a cluster-wide lock in PostgreSQL, so this
/// node gathers events for a few milliseconds and sends them with one statement (one transaction) per flush.
/// A crash before the flush loses only notifications: the events are in grain_events and subscribers fill gaps.
/// </summary>
public sealed class EventPublisher(NpgsqlDataSource dataSource, IOptions<SiloOptions> options, ILogger<EventPublisher> logger)
    : BackgroundService
{
    private const int MaxEventsPerFlush = 2_000;

    private const string Notify = """
        select pg_notify($1, p) from unnest($2::text[]) as p
        """;

    private const string Park = """
        insert into event_overflow (stream, type, data) values ($1, $2, $3::jsonb) returning id
        """;

    private readonly Channel<OutgoingEvent> _queue = Channel.CreateUnbounded<OutgoingEvent>(
        new UnboundedChannelOptions { SingleReader = true });

    internal void Enqueue(IEnumerable<OutgoingEvent> events)
    {
        foreach (var e in events)
        {
            _queue.Writer.TryWrite(e);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<OutgoingEvent>();
        while (await WaitAsync(stoppingToken))
        {
            if (options.Value.EventFlushDelay > TimeSpan.Zero)
            {
                await Task.Delay(options.Value.EventFlushDelay, CancellationToken.None);
            }
            batch.Clear();
            while (batch.Count < MaxEventsPerFlush && _queue.Reader.TryRead(out var e))
            {
                batch.Add(e);
            }
            try
            {
                await FlushAsync(batch);
            }
            catch (Exception ex)
            {
                // Only the notifications are lost; subscribers recover the events from grain_events.
                logger.LogWarning(ex, "Could not NOTIFY {Count} events", batch.Count);
            }
        }
    }

    private async Task<bool> WaitAsync(CancellationToken ct)
    {
        try
        {
            return await _queue.Reader.WaitToReadAsync(ct);
        }
        catch (OperationCanceledException)
        {
            // Flush what is queued before stopping.
            return _queue.Reader.TryPeek(out _);
        }
    }

    private async Task FlushAsync(List<OutgoingEvent> events)
    {
        var items = new List<byte[]>(events.Count);
        foreach (var e in events)
        {
            var inline = NotifyPayload.Inline(e);
            if (inline.Length + 2 <= NotifyPayload.MaxBytes)
            {
                items.Add(inline);
            }
            else
            {
                items.Add(NotifyPayload.Reference(e, e.Seq == 0 ? await ParkAsync(e) : null));
            }
        }
        await using var command = dataSource.CreateCommand(Notify);
        command.Parameters.Add(new NpgsqlParameter { Value = NotificationListener.EventsChannel });
        command.Parameters.Add(new NpgsqlParameter { Value = NotifyPayload.Pack(items).ToArray() });
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> ParkAsync(OutgoingEvent e)
    {
        await using var command = dataSource.CreateCommand(Park);
        command.Parameters.Add(new NpgsqlParameter { Value = e.Stream });
        command.Parameters.Add(new NpgsqlParameter { Value = e.Type });
        command.Parameters.Add(new NpgsqlParameter { Value = e.Data });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
