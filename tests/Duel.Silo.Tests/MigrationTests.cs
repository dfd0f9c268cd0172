using Duel.Silo.Migrations;
using Duel.Testing;
using Npgsql;

namespace Duel.Silo.Tests;

public sealed class MigrationTests
{
    [Fact]
    public async Task Concurrent_starts_apply_each_migration_once_and_a_rerun_is_a_no_op()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("duel_migrations");
        var sources = Enumerable.Range(0, 4).Select(_ => NpgsqlDataSource.Create(connectionString)).ToArray();
        try
        {
            var applied = await Task.WhenAll(sources.Select(s => MigrationRunner.RunAsync(s)));
            Assert.Equal(MigrationRunner.All.Count, applied.Sum());
            Assert.Contains(MigrationRunner.All, m => m.Version == 1 && m.Name == "runtime");
            Assert.Contains(MigrationRunner.All, m => m.Version == 2 && m.Name == "jobs");
            Assert.Equal(0, await MigrationRunner.RunAsync(sources[0]));

            await using var connection = await sources[0].OpenConnectionAsync();
            var journal = await MigrationRunner.AppliedVersionsAsync(connection);
            Assert.Equal(MigrationRunner.All.Select(m => m.Version).Order(), journal.Order());
        }
        finally
        {
            foreach (var source in sources)
            {
                await source.DisposeAsync();
            }
            NpgsqlConnection.ClearAllPools();
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }
}
