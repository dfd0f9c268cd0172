using Npgsql;

namespace Duel.Testing;

/// <summary>
/// The one PostgreSQL server of a test run: <c>DUEL_TEST_PG</c> when set (as <c>./duel test</c> does), else the
/// private server that <c>./duel db start</c> starts (its last stdout line is the connection string).
/// Each test class gets a database of its own from <see cref="CreateDatabaseAsync"/>.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<string> Server = new(
        () => PrivateServer.Resolve("DUEL_TEST_PG", "db"), LazyThreadSafetyMode.ExecutionAndPublication);

    public static string ServerConnectionString => Server.Value;

    /// <summary>The repository root (where <c>./duel</c> lives).</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "duel")) && File.Exists(Path.Combine(dir.FullName, "PythonDuel.slnx")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException($"No repository root (with ./duel) above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix = "duel_test")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}".ToLowerInvariant();
        name = name[..Math.Min(name.Length, 63)];
        await using (var connection = new NpgsqlConnection(ServerConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"create database \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing whatever still uses it.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
