using System.Threading.Channels;
using Duel.Grains.Runtime;
using Duel.Silo.Events;
using Duel.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Duel.Silo.Tests.Events;

/// <summary>
/// The bus when its Redis connection drops (a restart, a network cut): its subscribers are told it resumed, and
/// by then their subscriptions carry events again. Only this test's own connection is cut; the run's Redis stays up.
/// </summary>
public sealed class RedisEventBusTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_cut_subscription_connection_resumes_subscribers_once_events_flow_again_and_a_disposed_one_is_not_called()
    {
        var name = $"bus-test-{Guid.NewGuid():N}";
        await using var listening = await ConnectAsync(name);
        await using var publishing = await ConnectAsync($"{name}-publisher");
        var listener = new RedisEventBus(listening, NullLogger<RedisEventBus>.Instance);
        var publisher = new RedisEventBus(publishing, NullLogger<RedisEventBus>.Instance);
        var stream = $"battle/{name}";
        var heard = Channel.CreateUnbounded<GrainEvent>();
        using var subscription = await listener.SubscribeAsync(stream, e => heard.Writer.WriteAsync(e).AsTask());
        var kept = Channel.CreateUnbounded<int>();
        var dropped = 0;
        using var keptResumption = listener.WhenResumed(() => kept.Writer.WriteAsync(1).AsTask());
        var droppedResumption = listener.WhenResumed(() => { Interlocked.Increment(ref dropped); return Task.CompletedTask; });

        await publisher.PublishAsync(stream, 1, "before", "x");
        Assert.Equal("before", (await heard.Reader.ReadAsync().AsTask().WaitAsync(Patience)).Type);
        Assert.False(kept.Reader.TryRead(out _), "resumed without an outage");

        Assert.Equal(1, await TestRedis.CutPubSubAsync(name));
        await kept.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        // No pause here: being resumed promises that the subscription is live again.
        await publisher.PublishAsync(stream, 2, "after", "x");
        var after = await heard.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        Assert.Equal(("after", 2L), (after.Type, after.Seq));
        Assert.Equal(1, dropped);

        droppedResumption.Dispose();
        Assert.Equal(1, await TestRedis.CutPubSubAsync(name));
        await kept.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        Assert.Equal(1, dropped);
    }

    private static Task<ConnectionMultiplexer> ConnectAsync(string clientName)
    {
        var configuration = ConfigurationOptions.Parse(TestRedis.ConfigurationString);
        configuration.ClientName = clientName;
        return ConnectionMultiplexer.ConnectAsync(configuration);
    }
}
