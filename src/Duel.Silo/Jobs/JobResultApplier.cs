using System.Text.Json;
using System.Threading.Channels;
using Duel.Grains.Battles;
using Duel.Grains.Catalogue;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Duel.Silo.Jobs;

/// <summary>
/// Applies finished judge jobs to their battles, on every silo. Wakes on <c>LISTEN duel_results</c>
/// and sweeps every <see cref="SiloOptions.JobSweepInterval"/> for what a lost notification left. A silo
/// leases the jobs it applies; should a lease expire mid-way, two silos may apply the same job:
/// <see cref="IBattleGrain.ApplyVerdict"/> is idempotent by job id (the second gets AlreadyApplied), and
/// the job is marked applied only after the battle took it.
/// </summary>
internal sealed class JobResultApplier(
    NpgsqlDataSource dataSource, IGrainFactory grains, IOptions<SiloOptions> options, ILogger<JobResultApplier> logger)
    : BackgroundService
{
    private const int ClaimBatch = 100;

    // A silo leases the finished jobs it applies (the worker cleared its own lease when it finished),
    // so silos share the work instead of all applying every job; a silo that dies mid-way leaves
    // leases that expire, and another silo applies those jobs (ApplyVerdict is idempotent). The lease is
    // short because a dead silo's verdicts wait for it: a run that outlasts it is applied twice, harmlessly.
    private static readonly string ClaimFinished = $"""
        update jobs set lease_owner = $2, lease_until = now() + interval '10 seconds'
        where id in (
            select id from jobs
            where status = 'done' and queue = $1 and grain_type = 'battle' and (lease_until is null or lease_until < now())
            order by finished_at limit {ClaimBatch}
            for update skip locked)
        returning id, grain_key, result::text
        """;

    private const string MarkApplied = """
        update jobs set status = 'applied', applied_at = now(), lease_owner = null, lease_until = null
        where id = $1 and status = 'done'
        """;

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _ = ListenAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A short batch drained what was there; a job finished since then has notified, and the
                // wake-up below is already set. Every silo claiming again to find nothing cost a statement
                // per silo per verdict (docs/performance.md).
                while (await ApplyFinishedAsync(stoppingToken) == ClaimBatch)
                {
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Applying job results failed; retrying at the next sweep");
            }

            using var sweep = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            sweep.CancelAfter(options.Value.JobSweepInterval);
            try
            {
                await _wake.Reader.ReadAsync(sweep.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
            }
        }
    }

    private async Task<int> ApplyFinishedAsync(CancellationToken ct)
    {
        var jobs = new List<(string Id, string Battle, string Result)>();
        await using (var command = dataSource.CreateCommand(ClaimFinished))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = JudgeRequest.Queue });
            command.Parameters.Add(new NpgsqlParameter { Value = $"apply:{options.Value.SiloId}" });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                jobs.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? "null" : reader.GetString(2)));
            }
        }

        await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (job, token) =>
        {
            using var document = JsonDocument.Parse(job.Result);
            var applied = await grains.GetGrain<IBattleGrain>(job.Battle).ApplyVerdict(job.Id, document.RootElement.Clone());
            if (!applied.Succeeded)
            {
                logger.LogWarning("Job {Id}: battle {Battle} did not take the verdict: {Message}", job.Id, job.Battle, applied.Message);
            }

            await using var mark = dataSource.CreateCommand(MarkApplied);
            mark.Parameters.Add(new NpgsqlParameter { Value = job.Id });
            await mark.ExecuteNonQueryAsync(token);
        });
        return jobs.Count;
    }

    /// <summary>Keeps a LISTEN connection open (reconnecting after a database restart) to wake the loop.</summary>
    private async Task ListenAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                connection.Notification += (_, _) => _wake.Writer.TryWrite(true);
                await using (var listen = new NpgsqlCommand("listen duel_results", connection))
                {
                    await listen.ExecuteNonQueryAsync(ct);
                }

                _wake.Writer.TryWrite(true);
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
}
