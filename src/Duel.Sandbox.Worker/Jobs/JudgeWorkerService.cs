using System.Diagnostics;
using System.Collections.Concurrent;
using System.Text.Json;
using Duel.Sandbox.Worker.Contracts;
using Duel.Sandbox.Worker.Judging;
using Duel.Sandbox.Worker.Sandbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Duel.Sandbox.Worker.Jobs;

/// <summary>
/// Claims judge jobs while a slot is free, judges each in the sandbox and writes the verdict
/// (the silo applies it to the battle). Renews the leases of running jobs so that only a
/// dead worker's jobs become claimable again.
/// </summary>
internal sealed class JudgeWorkerService(
    JobStore store, JobSignal signal, Judge judge, IOptions<SandboxOptions> sandbox, IOptions<WorkerOptions> options,
    ILogger<JudgeWorkerService> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, Task> _running = new();
    private CancellationToken _stopping;

    /// <summary>Jobs being judged right now (for the heartbeat's load).</summary>
    public int Running => _running.Count;

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        _stopping = stop;
        var slots = new SemaphoreSlim(sandbox.Value.Concurrency + options.Value.ClaimAhead);
        var renewal = RenewLoopAsync(stop);
        while (!stop.IsCancellationRequested)
        {
            await slots.WaitAsync(stop).ContinueWith(_ => { }, TaskScheduler.Default);
            if (stop.IsCancellationRequested)
            {
                break;
            }
            // One claim for every free slot: a claim that comes back short has drained the queue, so the
            // loop waits for the next NOTIFY instead of asking again for nothing (docs/performance.md).
            var free = 1;
            while (slots.Wait(0))
            {
                free++;
            }
            IReadOnlyList<ClaimedJob> jobs;
            var claimStarted = Stopwatch.GetTimestamp();
            try
            {
                jobs = await store.ClaimAsync(free, stop);
            }
            catch (Exception e) when (e is NpgsqlException && !stop.IsCancellationRequested)
            {
                logger.LogWarning("claiming failed: {Message}", e.Message);
                jobs = [];
            }
            var claimMs = JobTimings.Ms(claimStarted, Stopwatch.GetTimestamp());
            foreach (var job in jobs)
            {
                _running[job.Id] = Task.Run(async () =>
                {
                    try
                    {
                        await RunAsync(job, claimMs);
                    }
                    finally
                    {
                        _running.TryRemove(job.Id, out _);
                        slots.Release();
                    }
                }, CancellationToken.None);
            }
            if (jobs.Count < free)
            {
                slots.Release(free - jobs.Count);
                await signal.WaitAsync(stop).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        // Running jobs end within their time limits; let them write their verdicts.
        await Task.WhenAll(_running.Values);
        await renewal;
    }

    private async Task RunAsync(ClaimedJob job, double claimMs)
    {
        var timings = options.Value.TimingLog ? new JobTimings { Claim = claimMs } : null;
        Verdict verdict;
        if (job.Attempts > options.Value.MaxAttempts)
        {
            verdict = new Verdict(Verdict.StatusInternalError, 0, 0, $"the job stopped its worker {job.Attempts - 1} times", 0, []);
        }
        else if (Parse(job.Payload) is not { } request)
        {
            verdict = new Verdict(Verdict.StatusInternalError, 0, 0, "the job's payload is not a judge request", 0, []);
        }
        else
        {
            try
            {
                verdict = await judge.JudgeAsync(request, CancellationToken.None, timings);
            }
            catch (Exception e)
            {
                logger.LogError(e, "judging job {Id} failed; giving it back", job.Id);
                await store.ReleaseAsync(job.Id, CancellationToken.None);
                return;
            }
        }
        var json = StorableJson.Of(verdict);
        var writeStarted = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (!await store.CompleteAsync(job.Id, json, CancellationToken.None))
                {
                    logger.LogWarning("job {Id}: lease lost before the verdict was written; another worker has it", job.Id);
                }
                if (timings is not null)
                {
                    timings.Write = JobTimings.Ms(writeStarted, Stopwatch.GetTimestamp());
                    Console.Out.WriteLine(timings.Line());
                }
                return;
            }
            catch (PostgresException e) when (!e.IsTransient && verdict.Status != Verdict.StatusInternalError)
            {
                // The database refuses this verdict (a bug, not the user's doing): answer, never loop.
                logger.LogError(e, "job {Id}: verdict refused by the database", job.Id);
                verdict = new Verdict(Verdict.StatusInternalError, 0, verdict.Total, "the verdict could not be stored", verdict.ElapsedMs, []);
                json = StorableJson.Of(verdict);
            }
            catch (NpgsqlException e) when (attempt < 5 || !_stopping.IsCancellationRequested)
            {
                // The database is restarting: the verdict waits here for it, so the job is not judged a second time
                // after its lease ran out (if it did meanwhile, the write finds the lease lost and changes nothing).
                logger.LogWarning("writing the verdict of {Id} failed ({Message}); retrying", job.Id, e.Message);
                await Task.Delay(Math.Min(200 * attempt, 2000));
            }
            catch (NpgsqlException e)
            {
                // Stopping: the lease runs out and another worker judges the job again.
                logger.LogError(e, "job {Id}: verdict not written", job.Id);
                return;
            }
        }
    }

    private static JudgeRequest? Parse(string payload)
    {
        try
        {
            var request = JsonSerializer.Deserialize<JudgeRequest>(payload, JudgeJson.Options);
            return request is { Code: not null, Function: not null, Tests: not null } ? request : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task RenewLoopAsync(CancellationToken stop)
    {
        var period = TimeSpan.FromSeconds(options.Value.LeaseSeconds / 3.0);
        while (!stop.IsCancellationRequested || !_running.IsEmpty)
        {
            await Task.Delay(period, CancellationToken.None);
            if (_running.IsEmpty)
            {
                continue;
            }
            try
            {
                await store.RenewAsync([.. _running.Keys], CancellationToken.None);
            }
            catch (NpgsqlException e)
            {
                logger.LogWarning("lease renewal failed: {Message}", e.Message);
            }
        }
    }
}
