using System.Collections.Concurrent;
using System.Text.Json;
using Duel.Grains.Runtime;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Duel.Silo.Events;

/// <summary>
/// <see cref="IEventBus"/> over Redis pub/sub, one channel per stream (<c>duel:{stream}</c>): a node
/// receives only the streams its connections need, in publish order (one ordered queue per
/// subscription). Redis keeps nothing, so a lost event shows as a Seq gap and the client re-reads.
/// </summary>
public sealed class RedisEventBus(IConnectionMultiplexer redis, ILogger<RedisEventBus> logger) : IEventBus
{
    private const string Prefix = "duel:";

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

    private static string Encode(long seq, string type, object data) =>
        JsonSerializer.Serialize(new Envelope(seq, type, JsonSerializer.SerializeToElement(data, data.GetType(), GrainJson.State)), GrainJson.State);

    private static GrainEvent Decode(string stream, RedisValue value)
    {
        var envelope = JsonSerializer.Deserialize<Envelope>((string)value!, GrainJson.State)!;
        return new GrainEvent(stream, envelope.Seq, envelope.Type, envelope.Data);
    }

    private sealed record Envelope(long Seq, string Type, JsonElement Data);

    private sealed class Subscription(ChannelMessageQueue queue) : IDisposable
    {
        public void Dispose() => queue.Unsubscribe(CommandFlags.FireAndForget);
    }
}
