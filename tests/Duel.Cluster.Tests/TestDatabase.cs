using Npgsql;

namespace Duel.Cluster.Tests;

/// <summary>A fresh database on the test server (DUEL_TEST_PG, or `./duel db start`), dropped afterwards.</summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _server;

    private TestDatabase(string server, string name, string connectionString)
    {
        _server = server;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(string prefix)
    {
        var server = Environment.GetEnvironmentVariable("DUEL_TEST_PG") ?? await StartPrivateServerAsync();
        var name = $"{prefix}_{Guid.NewGuid():N}"[..40];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase(server, name, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists {Name} with (force)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static async Task<string> StartPrivateServerAsync()
    {
        var result = await Shell.RunAsync(Path.Combine(Shell.RepoRoot, "duel"), ["db", "start"], timeout: TimeSpan.FromMinutes(3));
        Assert.True(result.ExitCode == 0, result.Output);
        return result.Stdout.Trim().Split('\n')[^1];
    }
}
