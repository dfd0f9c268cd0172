using Duel.Silo.Migrations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Duel.Silo.Services;

/// <summary>Applies migrations before any other service of the node starts (registered first, so it starts first).</summary>
internal sealed class MigrationService(NpgsqlDataSource dataSource, ILogger<MigrationService> logger) : IHostedService
{
    // The database may still be starting when the nodes do (e.g. docker-compose).
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                var applied = await MigrationRunner.RunAsync(dataSource, cancellationToken);
                logger.LogInformation("Schema at migration {Latest} ({Applied} applied now)", MigrationRunner.Latest, applied);
                return;
            }
            catch (NpgsqlException e) when (e is not PostgresException && DateTime.UtcNow < deadline)
            {
                logger.LogWarning("Database not reachable yet ({Message}); retrying", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
