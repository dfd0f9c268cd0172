using System.Collections.Concurrent;
using System.Threading.Channels;
using Duel.Grains.Battles;
using Duel.Grains.Runtime;
using Duel.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Duel.Silo.Jobs;

/// <summary>
/// Applies finished judge jobs to their battles, on every silo. A job's <c>NOTIFY duel_results</c> reaches
/// every silo, and the one that <see cref="ResultOwnership">owns</see> its id applies it at once (from the
/// notification itself, see <see cref="FinishedJob"/>, or reading the row when the result did not fit); every
/// <see cref="SiloOptions.JobSweepInterval"/> each silo also sweeps up jobs nobody took within that interval
/// (a lost notification, an owner that died), under a lease so sweeping silos split them. Two silos may
/// still apply one job (an owner slower than the interval, a change of membership, a lease that ran out):
/// <see cref="IBattleGrain.ApplyVerdict"/> is idempotent by job id (the second gets AlreadyApplied), and a
/// job is marked applied only after its battle took it. Leases and marks are relaxed commits
/// (<see cref="PostgresPools.Relaxed"/>): a server crash that loses one leaves the job for the sweep.
/// </summary>
internal sealed class JobResultApplier(
    [FromKeyedServices(PostgresPools.Relaxed)] NpgsqlDataSource dataSource, IGrainFactory grains, ResultOwnership ownership, IOptions<SiloOptions> options,
    ILogger<JobResultApplier> logger) : BackgroundService
{
    private const int ClaimBatch = 100;

    // The jobs this silo owns, whole from their notification, or by id when the result did not fit in it.
    private readonly Channel<(string Id, FinishedJob? Job)> _owned =
        Channel.CreateUnbounded<(string, FinishedJob?)>(new UnboundedChannelOptions { SingleReader = true });

    // Half the sweep interval: a job is swept again only when its verdict took longer than that to apply.
    private readonly AppliedMarks _marks = new(options.Value.JobSweepInterval / 2, ClaimBatch);

    private string Lessee => $"apply:{options.Value.SiloId}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _ = ListenAsync(stoppingToken);
        var interval = options.Value.JobSweepInterval;
        var nextSweep = DateTime.UtcNow;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (DateTime.UtcNow >= nextSweep)
                {
                    // The marks first, so this sweep does not take the jobs this silo has just applied.
                    await _marks.FlushAsync(dataSource, force: true, stoppingToken);
                    nextSweep = DateTime.UtcNow + interval;
                    while (await ApplyAsync(await FinishedJobQueries.ClaimStragglersAsync(dataSource, Lessee, interval, ClaimBatch, stoppingToken), stoppingToken) == ClaimBatch)
                    {
                    }
                }
                var whole = new List<FinishedJob>();
                var named = new List<string>();
                while (whole.Count + named.Count < ClaimBatch && _owned.Reader.TryRead(out var owned))
                {
                    if (owned.Job is { } job)
                    {
                        whole.Add(job);
                    }
                    else
                    {
                        named.Add(owned.Id);
                    }
                }
                if (named.Count > 0)
                {
                    whole.AddRange(await FinishedJobQueries.ReadAsync(dataSource, named, stoppingToken));
                }
                if (whole.Count > 0)
                {
                    await ApplyAsync(whole, stoppingToken);
                    continue;
                }
                await _marks.FlushAsync(dataSource, force: false, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Applying job results failed; retrying at the next sweep");
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            wait.CancelAfter(Max((nextSweep < _marks.DueAt ? nextSweep : _marks.DueAt) - DateTime.UtcNow, TimeSpan.FromMilliseconds(1)));
            await _owned.Reader.WaitToReadAsync(wait.Token).AsTask().ContinueWith(_ => { }, TaskScheduler.Default);
        }

        // What a clean stop still owes, so another silo need not apply it again (not waiting long for a server that is gone).
        using var last = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _marks.FlushAsync(dataSource, force: true, last.Token).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>Applies each job to its battle and owes the jobs it took their applied mark; returns how many it had.</summary>
    private async Task<int> ApplyAsync(List<FinishedJob> jobs, CancellationToken ct)
    {
        var taken = new ConcurrentBag<(string Id, DateTime At)>();
        await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (job, _) =>
        {
            try
            {
                var applied = await grains.Battle(job.Battle).ApplyVerdict(job.Id, job.Result);
                if (!applied.Succeeded)
                {
                    logger.LogWarning("Job {Id}: battle {Battle} did not take the verdict: {Message}", job.Id, job.Battle, applied.Message);
                }
                taken.Add((job.Id, DateTime.UtcNow));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Not marked: the sweep applies the job again.
                logger.LogWarning(e, "Job {Id}: applying it to battle {Battle} failed", job.Id, job.Battle);
            }
        });

        foreach (var (id, at) in taken)
        {
            _marks.Add(id, at);
        }
        return jobs.Count;
    }

    /// <summary>Queues the finished jobs this silo owns as their notifications arrive (the sweep covers a lost connection).</summary>
    private Task ListenAsync(CancellationToken ct) => PostgresListener.RunAsync(dataSource, "duel_results", payload =>
    {
        if (FinishedJob.TryParse(payload, out var id, out var job) && ownership.Owns(id))
        {
            _owned.Writer.TryWrite((id, job));
        }
    }, listening: null, logger, ct);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
