using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Duel.Sandbox.Worker.Jobs;

/// <summary>
/// LISTEN duel_jobs on a dedicated connection (reconnecting when it drops); the notification of a
/// job this worker owns (<see cref="WorkerRoster"/>, the payload is the job's id), or the fallback
/// poll interval, wakes the claim loop.
/// </summary>
internal sealed class JobSignal(NpgsqlDataSource db, WorkerRoster roster, IOptions<WorkerOptions> options, ILogger<JobSignal> logger) : BackgroundService
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Returns on a notification or after the poll interval.</summary>
    public async Task WaitAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.PollMilliseconds);
        try
        {
            await _wake.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Poll interval elapsed: look for work anyway (a missed notification, an expired lease).
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await db.OpenConnectionAsync(stop);
                connection.Notification += (_, e) =>
                {
                    if (roster.Owns(e.Payload))
                    {
                        _wake.Writer.TryWrite(true);
                    }
                };
                await using (var listen = new NpgsqlCommand("listen duel_jobs", connection))
                {
                    await listen.ExecuteNonQueryAsync(stop);
                }
                _wake.Writer.TryWrite(true);
                while (!stop.IsCancellationRequested)
                {
                    await connection.WaitAsync(stop);
                }
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or IOException)
            {
                logger.LogWarning("LISTEN connection lost ({Message}); polling until it is back", e.Message);
                await Task.Delay(1000, stop).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
