using Duel.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Duel.Silo.Jobs;

/// <summary>
/// Deletes applied jobs older than <see cref="SiloOptions.JobRetention"/>, every few minutes on every
/// silo. Nothing reads an applied job again (the battle holds its verdict; the metrics look at the last
/// minutes), and without this the table kept every job ever run, with its code and verdict, and its
/// indexes grew under the claims. Batches through the <c>jobs_applied</c> index; concurrent silos skip
/// each other's rows. A relaxed commit: a delete a crash loses is made again at the next round.
/// </summary>
internal sealed class JobRetention(
    [FromKeyedServices(PostgresPools.Relaxed)] NpgsqlDataSource dataSource, IOptions<SiloOptions> options, ILogger<JobRetention> logger)
    : BackgroundService
{
    private const int Batch = 5_000;

    private const string Delete = """
        delete from jobs where id in (
            select id from jobs
            where status = 'applied' and applied_at < now() - $1
            order by applied_at limit $2
            for update skip locked)
        """;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicLoop.RunAsync(TimeSpan.FromMinutes(5), SweepAsync, logger, "Deleting old jobs", runAtStart: false, stoppingToken);

    /// <summary>One round: deletes in batches until none is left; returns how many went.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var total = 0;
        int deleted;
        do
        {
            await using var command = dataSource.CreateCommand(Delete);
            command.Parameters.Add(new NpgsqlParameter { Value = options.Value.JobRetention });
            command.Parameters.Add(new NpgsqlParameter { Value = Batch });
            deleted = await command.ExecuteNonQueryAsync(ct);
            total += deleted;
        }
        while (deleted == Batch);

        if (total > 0)
        {
            logger.LogInformation("Deleted {Count} applied jobs older than {Retention}", total, options.Value.JobRetention);
        }
        return total;
    }
}
