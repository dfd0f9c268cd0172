using Duel.Silo.Migrations;
using Duel.Testing;
using Npgsql;

namespace Duel.Silo.Tests.Jobs;

/// <summary>
/// A database of the test class's own, with every migration applied, dropped after its tests: the jobs
/// tests read and write the real tables and triggers, and must not see each other's rows.
/// </summary>
public abstract class MigratedDatabase(string prefix) : IAsyncLifetime
{
    private string _connectionString = "";

    protected NpgsqlDataSource DataSource { get; private set; } = null!;

    protected string ConnectionString => _connectionString;

    public async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateDatabaseAsync(prefix);
        DataSource = NpgsqlDataSource.Create(_connectionString);
        await MigrationRunner.RunAsync(DataSource);
        await SeedAsync();
    }

    public async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await TestPostgres.DropDatabaseAsync(_connectionString);
    }

    /// <summary>Rows every test of the class starts from.</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;
}
