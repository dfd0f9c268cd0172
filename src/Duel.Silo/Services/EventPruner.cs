using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Duel.Silo.Services;

/// <summary>Deletes stored events older than the retention: they only serve gap recovery and big payloads.</summary>
internal sealed class EventPruner(NpgsqlDataSource dataSource, IOptions<SiloOptions> options, ILogger<EventPruner> logger) : BackgroundService
{
    private const string Prune = """
        delete from grain_events where created_at < now() - $1::interval;
        delete from event_overflow where created_at < now() - $1::interval;
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var batch = dataSource.CreateBatch();
                foreach (var sql in Prune.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    batch.BatchCommands.Add(new NpgsqlBatchCommand(sql) { Parameters = { new NpgsqlParameter { Value = options.Value.EventRetention } } });
                }
                await batch.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Pruning events failed");
            }
        }
    }
}
