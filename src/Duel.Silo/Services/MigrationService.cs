using Duel.Silo.Migrations;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Duel.Silo.Services;

/// <summary>
/// Applies migrations at the very first stage of the silo's start, before grain storage and reminders
/// (whose tables and queries the migrations create) are used.
/// </summary>
internal sealed class MigrationService(NpgsqlDataSource dataSource, ILogger<MigrationService> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    // The database may still be starting when the nodes do (e.g. docker-compose).
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(MigrationService), ServiceLifecycleStage.First, RunAsync);

    private async Task RunAsync(CancellationToken cancellationToken)
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
}
