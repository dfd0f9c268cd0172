using System.Text.Json;
using Duel.Grains.Runtime;
using Duel.Silo.Runtime;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Duel.Silo.Events;

/// <summary>
/// <see cref="IEventBus"/> over the node's LISTEN connection: parses each NOTIFY payload once and hands the events
/// to the matching subscriptions, each of which delivers in order on its own loop.
/// </summary>
internal sealed class EventBus : IEventBus
{
    private readonly EventPublisher _publisher;
    private readonly EventStore _store;
    private readonly ILogger<EventBus> _logger;
    private readonly object _sync = new();
    private readonly Dictionary<string, List<Subscription>> _exact = new(StringComparer.Ordinal);
    private readonly List<Subscription> _prefixed = [];

    public EventBus(NotificationListener listener, EventPublisher publisher, NpgsqlDataSource dataSource, ILogger<EventBus> logger)
    {
        _publisher = publisher;
        _store = new EventStore(dataSource);
        _logger = logger;
        listener.On(NotificationListener.EventsChannel, OnNotification);
        listener.Connected += CatchUp;
    }

    public IDisposable Subscribe(string stream, Func<GrainEvent, Task> handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        var prefix = stream.EndsWith('/') || stream.EndsWith('*') ? stream.TrimEnd('*') : null;
        var subscription = new Subscription(prefix ?? stream, prefix is not null, handler, _store, _logger, Remove);
        lock (_sync)
        {
            if (prefix is not null)
            {
                _prefixed.Add(subscription);
            }
            else
            {
                if (!_exact.TryGetValue(stream, out var list))
                {
                    _exact[stream] = list = [];
                }
                list.Add(subscription);
            }
        }
        return subscription;
    }

    public void PublishEphemeral(string stream, string type, object data)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentException.ThrowIfNullOrEmpty(type);
        _publisher.Enqueue([new OutgoingEvent(stream, 0, type, JsonSerializer.Serialize(data, data.GetType(), GrainJson.State))]);
    }

    private void OnNotification(string payload)
    {
        lock (_sync)
        {
            // Every node hears every event: most have no subscriber here.
            if (_exact.Count == 0 && _prefixed.Count == 0)
            {
                return;
            }
        }
        using var document = JsonDocument.Parse(payload);
        foreach (var item in document.RootElement.EnumerateArray())
        {
            var matching = Matching(item.GetProperty("s").GetString()!);
            if (matching.Count == 0)
            {
                continue;
            }
            var notified = NotifiedEvent.From(item);
            foreach (var subscription in matching)
            {
                subscription.Post(notified);
            }
        }
    }

    private List<Subscription> Matching(string stream)
    {
        var matching = new List<Subscription>();
        lock (_sync)
        {
            if (_exact.TryGetValue(stream, out var list))
            {
                matching.AddRange(list);
            }
            matching.AddRange(_prefixed.Where(s => stream.StartsWith(s.Stream, StringComparison.Ordinal)));
        }
        return matching;
    }

    private void CatchUp()
    {
        lock (_sync)
        {
            foreach (var subscription in _exact.Values.SelectMany(list => list).Concat(_prefixed))
            {
                subscription.CatchUp();
            }
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_sync)
        {
            if (subscription.IsPrefix)
            {
                _prefixed.Remove(subscription);
            }
            else if (_exact.TryGetValue(subscription.Stream, out var list) && list.Remove(subscription) && list.Count == 0)
            {
                _exact.Remove(subscription.Stream);
            }
        }
    }
}
