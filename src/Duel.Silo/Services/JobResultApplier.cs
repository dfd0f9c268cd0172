using System.Text.Json;
using System.Threading.Channels;
using Duel.Silo.Events;
using Duel.Silo.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Duel.Silo.Services;

/// <summary>
/// Applies finished jobs on every silo. The job row is claimed (SKIP LOCKED) in a turn; the handler's grain calls
/// join that turn, and the job is marked applied in its commit, so a result is applied exactly once.
/// Wakes on NOTIFY duel_results and sweeps periodically for what a lost notification left behind.
/// </summary>
internal sealed class JobResultApplier(
    GrainRuntime runtime, NotificationListener listener, IEnumerable<JobResultHandler> handlers, IOptions<SiloOptions> options,
    TimeProvider time, ILogger<JobResultApplier> logger) : BackgroundService
{
    private const int MaxFailures = 5;

    private const string ClaimJob = """
        select id, queue, coalesce(grain_type, ''), coalesce(grain_key, ''), payload::text, coalesce(result::text, 'null')
        from jobs where status = 'done' and queue = any($1) and not (id = any($2))
        order by finished_at limit 1 for update skip locked
        """;

    private const string MarkApplied = """
        update jobs set status = 'applied', applied_at = now() where id = $1
        """;

    private readonly Dictionary<string, JobResultHandler> _handlers = handlers.ToDictionary(h => h.Queue, StringComparer.Ordinal);
    private readonly RetryBackoff _backoff = new(time, TimeSpan.FromMinutes(1));
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_handlers.Count == 0)
        {
            return;
        }
        listener.On(NotificationListener.ResultsChannel, _ => _wake.Writer.TryWrite(true));
        listener.Connected += () => _wake.Writer.TryWrite(true);
        _wake.Writer.TryWrite(true);
        while (!stoppingToken.IsCancellationRequested)
        {
            using (var sweep = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                sweep.CancelAfter(options.Value.JobSweepInterval);
                try
                {
                    await _wake.Reader.ReadAsync(sweep.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                }
            }
            try
            {
                while (!stoppingToken.IsCancellationRequested && await ApplyOneAsync())
                {
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Applying job results failed");
            }
        }
    }

    /// <summary>Applies one finished job; false when none is waiting.</summary>
    private async Task<bool> ApplyOneAsync()
    {
        var skip = _backoff.Excluded(MaxFailures);
        string? claimed = null;
        try
        {
            return await runtime.RunTurnAsync(null, async turn =>
            {
                CompletedJob job;
                await using (var batch = turn.CreateBatch())
                {
                    batch.BatchCommands.Add(Turn.Command(ClaimJob, _handlers.Keys.ToArray(), skip));
                    await using var reader = await batch.ExecuteReaderAsync();
                    while (reader.FieldCount == 0 && await reader.NextResultAsync())
                    {
                    }
                    if (!await reader.ReadAsync())
                    {
                        return false;
                    }
                    job = new CompletedJob(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                        Parse(reader.GetString(4)), Parse(reader.GetString(5)));
                }
                claimed = job.Id;
                await _handlers[job.Queue].Handle(runtime.Factory, job);
                turn.AddCommand(MarkApplied, job.Id);
                return true;
            }, CancellationToken.None);
        }
        catch (Exception e) when (claimed is not null)
        {
            var failures = _backoff.Failed(claimed);
            logger.LogError(e, failures >= MaxFailures
                ? "Job {Id}: result handler failed {Failures} times; this silo gives up on it"
                : "Job {Id}: result handler failed (time {Failures}); will retry", claimed, failures);
            return true;
        }
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
