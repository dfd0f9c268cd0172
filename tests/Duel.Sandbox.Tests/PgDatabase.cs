using Duel.Silo.Migrations;
using Duel.Testing;
using Npgsql;

namespace Duel.Sandbox.Tests;

/// <summary>
/// A database of its own on the test PostgreSQL (DUEL_TEST_PG, or `./duel db start`), migrated
/// by the silo's own migration runner, with a password set on the duel_worker role.
/// </summary>
public sealed class PgDatabase : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public string WorkerConnectionString { get; private set; } = "";

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync("sandbox");
        DataSource = NpgsqlDataSource.Create(ConnectionString);
        await MigrationRunner.RunAsync(DataSource);
        // The role is cluster-wide: every test database shares it, so one password for all.
        var password = "worker-test-password";
        await using (var cmd = DataSource.CreateCommand($"alter role duel_worker login password '{password}'"))
        {
            await cmd.ExecuteNonQueryAsync();
        }
        WorkerConnectionString = new NpgsqlConnectionStringBuilder(ConnectionString)
        {
            Username = "duel_worker",
            Password = password,
        }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(ConnectionString);
    }
}
