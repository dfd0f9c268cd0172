using System.Threading.Channels;
using Duel.Hosting;
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

    // A (re)connect wakes the loop too: a job may have arrived while nobody listened.
    protected override Task ExecuteAsync(CancellationToken stop) => PostgresListener.RunAsync(
        db, "duel_jobs", payload =>
        {
            if (roster.Owns(payload))
            {
                _wake.Writer.TryWrite(true);
            }
        }, () => _wake.Writer.TryWrite(true), logger, stop);
}
