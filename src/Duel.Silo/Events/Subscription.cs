using System.Threading.Channels;
using Duel.Grains.Runtime;
using Microsoft.Extensions.Logging;

namespace Duel.Silo.Events;

/// <summary>
/// One subscriber: a queue and a loop that delivers events one at a time. Per stream it remembers the last Seq
/// delivered, drops repeats, and fills a gap from grain_events before delivering the event after it.
/// </summary>
internal sealed class Subscription : IDisposable
{
    private static readonly NotifiedEvent CatchUpMarker = new("", -1, null, null, null);

    private readonly Channel<NotifiedEvent> _queue = Channel.CreateUnbounded<NotifiedEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, long> _lastSeq = new(StringComparer.Ordinal);
    private readonly Func<GrainEvent, Task> _handler;
    private readonly EventStore _store;
    private readonly ILogger _logger;
    private readonly Action<Subscription> _remove;

    public Subscription(string stream, bool isPrefix, Func<GrainEvent, Task> handler, EventStore store, ILogger logger, Action<Subscription> remove)
    {
        Stream = stream;
        IsPrefix = isPrefix;
        _handler = handler;
        _store = store;
        _logger = logger;
        _remove = remove;
        _ = Task.Run(PumpAsync);
    }

    public string Stream { get; }

    public bool IsPrefix { get; }

    public void Post(NotifiedEvent e) => _queue.Writer.TryWrite(e);

    /// <summary>After the LISTEN connection came back: deliver what was committed meanwhile on the streams seen so far.</summary>
    public void CatchUp() => _queue.Writer.TryWrite(CatchUpMarker);

    public void Dispose()
    {
        _remove(this);
        _queue.Writer.TryComplete();
    }

    private async Task PumpAsync()
    {
        await foreach (var notified in _queue.Reader.ReadAllAsync())
        {
            try
            {
                await DeliverAsync(notified);
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Delivering {Stream}#{Seq} failed", notified.Stream, notified.Seq);
            }
        }
    }

    private async Task DeliverAsync(NotifiedEvent notified)
    {
        if (ReferenceEquals(notified, CatchUpMarker))
        {
            foreach (var (stream, delivered) in _lastSeq.ToArray())
            {
                foreach (var e in await _store.ReadAsync(stream, delivered + 1, long.MaxValue))
                {
                    await HandleAsync(e);
                    _lastSeq[stream] = e.Seq;
                }
            }
            return;
        }
        if (notified.Seq == 0)
        {
            var ephemeral = notified.OverflowId is { } id
                ? await _store.ReadOverflowAsync(id)
                : new GrainEvent(notified.Stream, 0, notified.Type!, notified.Data!.Value);
            if (ephemeral is not null)
            {
                await HandleAsync(ephemeral);
            }
            return;
        }
        var known = _lastSeq.TryGetValue(notified.Stream, out var last);
        if (known && notified.Seq <= last)
        {
            return;
        }
        var from = known ? last + 1 : notified.Seq;
        var inline = notified.Data is { } data ? new GrainEvent(notified.Stream, notified.Seq, notified.Type!, data) : null;
        var events = from == notified.Seq && inline is not null
            ? [inline]
            : await _store.ReadAsync(notified.Stream, from, inline is null ? notified.Seq : notified.Seq - 1);
        if (inline is not null && from < notified.Seq)
        {
            events.Add(inline);
        }
        foreach (var e in events)
        {
            await HandleAsync(e);
        }
        _lastSeq[notified.Stream] = notified.Seq;
    }

    private async Task HandleAsync(GrainEvent e)
    {
        try
        {
            await _handler(e);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Subscriber of {Stream} failed on {Type}#{Seq}", Stream, e.Type, e.Seq);
        }
    }
}
