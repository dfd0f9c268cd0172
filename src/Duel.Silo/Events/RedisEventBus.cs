using System.Collections.Immutable;
using System.Text.Json;
using Duel.Grains.Runtime;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Duel.Silo.Events;

/// <summary>
/// <see cref="IEventBus"/> over Redis pub/sub, one channel per stream (<c>duel:{stream}</c>): a node
/// receives only the streams its connections need, in publish order (one ordered queue per
/// subscription). Redis keeps nothing, so a lost event shows as a Seq gap and the client re-reads,
/// and after an outage <see cref="WhenResumed"/> tells subscribers to re-read.
/// </summary>
public sealed class RedisEventBus(IConnectionMultiplexer redis, ILogger<RedisEventBus> logger) : IEventBus
{
    private const string Prefix = "duel:";

    private readonly Lock _gate = new();
    private ImmutableList<Func<Task>> _resumed = [];
    private bool _watching;

    public async Task<IDisposable> SubscribeAsync(string stream, Func<GrainEvent, Task> handler)
    {
        var queue = await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(Prefix + stream));
        var lastSeq = 0L;
        queue.OnMessage(async message =>
        {
            try
            {
                var e = Decode(stream, message.Message);
                if (e.Seq > 0 && e.Seq <= lastSeq)
                {
                    return;
                }

                lastSeq = Math.Max(lastSeq, e.Seq);
                await handler(e);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Handling an event of {Stream} failed", stream);
            }
        });
        return new Subscription(queue);
    }

    public async Task PublishAsync(string stream, long seq, string type, object data) =>
        await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(Prefix + stream), Encode(seq, type, data));

    public void PublishEphemeral(string stream, string type, object data) =>
        redis.GetSubscriber().Publish(RedisChannel.Literal(Prefix + stream), Encode(0, type, data), CommandFlags.FireAndForget);

    public IDisposable WhenResumed(Func<Task> resumed)
    {
        lock (_gate)
        {
            if (!_watching) redis.ConnectionRestored += OnRestored;
            _watching = true;
            _resumed = _resumed.Add(resumed);
        }
        return new Resumption(this, resumed);
    }

    private void OnRestored(object? sender, ConnectionFailedEventArgs e)
    {
        try
        {
            // Subscriptions have a connection of their own, or over RESP3 may share the interactive one. A restart
            // can then resume twice: the second re-read only re-sends what the viewers already show.
            var carriesSubscriptions = e.ConnectionType == ConnectionType.Subscription
                || e.EndPoint is { } endPoint && redis.GetServer(endPoint).Protocol >= RedisProtocol.Resp3;
            if (carriesSubscriptions) _ = ResumeAsync();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Reading the restored Redis connection {EndPoint} failed", e.EndPoint);
        }
    }

    private async Task ResumeAsync()
    {
        try
        {
            // The multiplexer queues its SUBSCRIBEs again before it raises ConnectionRestored, and a ping on the
            // subscription connection is answered after them: once it is, every subscription is live again.
            await redis.GetSubscriber().PingAsync();
            logger.LogInformation("Events over Redis resumed; {Count} subscribers re-read", _resumed.Count);
            foreach (var resumed in _resumed) await resumed();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Resuming the event subscribers after a Redis outage failed");
        }
    }

    // One pass to UTF-8 each way: written with an object-typed Data (serialised as its runtime type) where the
    // event is published, read from the message's bytes on every node subscribed to it.
    private static byte[] Encode(long seq, string type, object data) =>
        JsonSerializer.SerializeToUtf8Bytes(new Envelope<object>(seq, type, data), GrainJson.State);

    private static GrainEvent Decode(string stream, RedisValue value)
    {
        var envelope = JsonSerializer.Deserialize<Envelope<JsonElement>>(((ReadOnlyMemory<byte>)value).Span, GrainJson.State)!;
        return new GrainEvent(stream, envelope.Seq, envelope.Type, envelope.Data);
    }

    private sealed record Envelope<TData>(long Seq, string Type, TData Data);

    private sealed class Resumption(RedisEventBus bus, Func<Task> resumed) : IDisposable
    {
        public void Dispose()
        {
            lock (bus._gate) bus._resumed = bus._resumed.Remove(resumed);
        }
    }

    private sealed class Subscription(ChannelMessageQueue queue) : IDisposable
    {
        public void Dispose() => queue.Unsubscribe(CommandFlags.FireAndForget);
    }
}
