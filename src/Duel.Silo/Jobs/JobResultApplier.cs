using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Duel.Grains.Battles;
using Duel.Grains.Catalogue;
using Duel.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Duel.Silo.Jobs;

/// <summary>
/// Applies finished judge jobs to their battles, on every silo. A job's <c>NOTIFY duel_results</c> reaches
/// every silo, and the one that <see cref="ResultOwnership">owns</see> its id reads it at once; every
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

    // No lease: the owner is the only silo woken for the job, and the sweep leaves it alone for an interval.
    // A job a sweeping silo holds is skipped (the worker cleared its own lease when it finished).
    private const string ReadNamed = """
        select id, grain_key, result::text from jobs
        where id = any($1) and status = 'done' and queue = $2 and grain_type = 'battle'
          and (lease_until is null or lease_until < now())
        """;

    private static readonly string ClaimStragglers = $"""
        update jobs set lease_owner = $2, lease_until = now() + interval '10 seconds'
        where id in (
            select id from jobs
            where status = 'done' and queue = $1 and grain_type = 'battle' and (lease_until is null or lease_until < now())
              and finished_at < now() - $3
            order by finished_at limit {ClaimBatch}
            for update skip locked)
        returning id, grain_key, result::text
        """;

    private readonly Channel<string> _owned = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

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
                    while (await ApplyAsync(Stragglers(interval), stoppingToken) == ClaimBatch)
                    {
                    }
                }
                var named = new List<string>();
                while (named.Count < ClaimBatch && _owned.Reader.TryRead(out var id))
                {
                    named.Add(id);
                }
                if (named.Count > 0)
                {
                    await ApplyAsync(Named(named), stoppingToken);
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

    private NpgsqlCommand Named(List<string> ids)
    {
        var command = dataSource.CreateCommand(ReadNamed);
        command.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = JudgeRequest.Queue });
        return command;
    }

    private NpgsqlCommand Stragglers(TimeSpan age)
    {
        var command = dataSource.CreateCommand(ClaimStragglers);
        command.Parameters.Add(new NpgsqlParameter { Value = JudgeRequest.Queue });
        command.Parameters.Add(new NpgsqlParameter { Value = Lessee });
        command.Parameters.Add(new NpgsqlParameter { Value = age });
        return command;
    }

    /// <summary>Runs the claim, applies what it took and owes those jobs their applied mark; returns how many it took.</summary>
    private async Task<int> ApplyAsync(NpgsqlCommand claim, CancellationToken ct)
    {
        var jobs = new List<(string Id, string Battle, string Result)>();
        await using (claim)
        await using (var reader = await claim.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                jobs.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? "null" : reader.GetString(2)));
            }
        }

        var taken = new ConcurrentBag<(string Id, DateTime At)>();
        await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (job, _) =>
        {
            try
            {
                using var document = JsonDocument.Parse(job.Result);
                var applied = await grains.GetGrain<IBattleGrain>(job.Battle).ApplyVerdict(job.Id, document.RootElement.Clone());
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

    /// <summary>Keeps a LISTEN connection open (reconnecting after a database restart); queues the ids this silo owns.</summary>
    private async Task ListenAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                connection.Notification += (_, e) =>
                {
                    if (ownership.Owns(e.Payload))
                    {
                        _owned.Writer.TryWrite(e.Payload);
                    }
                };
                await using (var listen = new NpgsqlCommand("listen duel_results", connection))
                {
                    await listen.ExecuteNonQueryAsync(ct);
                }

                while (!ct.IsCancellationRequested)
                {
                    await connection.WaitAsync(ct);
                }
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                logger.LogDebug(e, "The results listener lost its connection; reconnecting");
                await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
