using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Duel.Silo.Events;

/// <summary>
/// The node's one dedicated LISTEN connection. Reconnects after any failure; handlers registered per channel
/// run on the listening loop, so they must only hand the payload on.
/// </summary>
public sealed class NotificationListener(IOptions<SiloOptions> options, ILogger<NotificationListener> logger) : BackgroundService
{
    public const string EventsChannel = "duel_events";
    public const string ResultsChannel = "duel_results";

    private readonly Dictionary<string, List<Action<string>>> _handlers = new(StringComparer.Ordinal)
    {
        [EventsChannel] = [],
        [ResultsChannel] = [],
    };

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when LISTEN is first established.</summary>
    public Task Ready => _ready.Task;

    /// <summary>Raised after each (re)connection: notifications sent while disconnected are lost.</summary>
    public event Action? Connected;

    public void On(string channel, Action<string> handler)
    {
        lock (_handlers)
        {
            _handlers[channel].Add(handler);
        }
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken);
        // Nodes should not report started before they can hear events; but never hang start-up on it.
        await Task.WhenAny(Ready, Task.Delay(TimeSpan.FromSeconds(10), cancellationToken));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(options.Value.Postgres)
        {
            Pooling = false,
            KeepAlive = 5,
            ApplicationName = $"{options.Value.SiloId}-listen",
        }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => Dispatch(e.Channel, e.Payload);
                await using (var listen = new NpgsqlCommand($"listen {EventsChannel}; listen {ResultsChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                _ready.TrySetResult();
                Connected?.Invoke();
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "LISTEN connection lost; reconnecting");
                await Task.Delay(TimeSpan.FromMilliseconds(500), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private void Dispatch(string channel, string payload)
    {
        Action<string>[] handlers;
        lock (_handlers)
        {
            if (!_handlers.TryGetValue(channel, out var list))
            {
                return;
            }
            handlers = [.. list];
        }
        foreach (var handler in handlers)
        {
            try
            {
                handler(payload);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Notification handler for {Channel} failed", channel);
            }
        }
    }
}
