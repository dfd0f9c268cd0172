using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Duel.Silo.Events;

/// <summary>
/// The node's Redis connection for events, opened asynchronously while the silo starts. Opening it
/// lazily inside the first grain activations would block pool threads on a synchronous connect that
/// itself needs a pool thread to finish: under a burst of activations, a thread-pool stall.
/// </summary>
public sealed class RedisConnection(IOptions<SiloOptions> options, ILogger<RedisConnection> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private IConnectionMultiplexer? _multiplexer;

    public IConnectionMultiplexer Multiplexer =>
        _multiplexer ?? throw new InvalidOperationException("Redis is used before the silo started.");

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(RedisConnection), ServiceLifecycleStage.RuntimeInitialize, ConnectAsync, CloseAsync);

    private async Task ConnectAsync(CancellationToken ct)
    {
        var configuration = ConfigurationOptions.Parse(options.Value.Redis);
        // A node starts even while Redis restarts; the multiplexer reconnects and resubscribes by itself.
        configuration.AbortOnConnectFail = false;
        _multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration);
        logger.LogInformation("Events over Redis at {Endpoints} (connected: {Connected})",
            string.Join(", ", configuration.EndPoints), _multiplexer.IsConnected);
    }

    private async Task CloseAsync(CancellationToken ct)
    {
        if (_multiplexer is not null)
        {
            await _multiplexer.CloseAsync();
        }
    }
}
