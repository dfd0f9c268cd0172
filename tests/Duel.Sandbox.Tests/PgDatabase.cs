using System.Diagnostics;
using System.Reflection;
using Npgsql;

namespace Duel.Sandbox.Tests;

/// <summary>
/// A database of its own on the test PostgreSQL (DUEL_TEST_PG, or `./duel db start`), with the
/// jobs migration and the worker role applied, dropped again at the end.
/// </summary>
public sealed class PgDatabase : IAsyncLifetime
{
    private string _admin = "";

    public string ConnectionString { get; private set; } = "";

    public string WorkerConnectionString { get; private set; } = "";

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public string Name { get; } = "sandbox_" + Guid.NewGuid().ToString("n")[..12];

    public async Task InitializeAsync()
    {
        _admin = Environment.GetEnvironmentVariable("DUEL_TEST_PG") is { Length: > 0 } url ? url : StartPrivateServer();
        await using (var admin = new NpgsqlConnection(_admin))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand($"create database {Name}", admin).ExecuteNonQueryAsync();
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(_admin) { Database = Name }.ConnectionString;
        DataSource = NpgsqlDataSource.Create(ConnectionString);
        await using (var cmd = DataSource.CreateCommand(ClusterMembersIfMissing))
        {
            await cmd.ExecuteNonQueryAsync();
        }
        foreach (var migration in new[] { "002_jobs.sql", "005_worker_role.sql" })
        {
            await using var cmd = DataSource.CreateCommand(Migration(migration));
            await cmd.ExecuteNonQueryAsync();
        }
        var password = Guid.NewGuid().ToString("n");
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
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_admin);
        await admin.OpenAsync();
        await new NpgsqlCommand($"drop database if exists {Name} with (force)", admin).ExecuteNonQueryAsync();
    }

    // The runtime's 001 migration owns this table; until it is merged, the same columns here.
    private const string ClusterMembersIfMissing = """
        create table if not exists cluster_members (
            id text primary key, role text not null, address text, started_at timestamptz not null default now(),
            heartbeat_at timestamptz not null default now(), load jsonb)
        """;

    private static string Migration(string file)
    {
        var silo = typeof(Duel.Silo.DuelGrainRegistrations).Assembly;
        var name = silo.GetManifestResourceNames().Single(n => n.EndsWith(file, StringComparison.Ordinal));
        using var stream = silo.GetManifestResourceStream(name)!;
        return new StreamReader(stream).ReadToEnd();
    }

    private static string StartPrivateServer()
    {
        var root = RepoRoot();
        var start = new ProcessStartInfo(Path.Combine(root, "duel"), ["db", "start"]) { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return output.Split('\n').Last();
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "duel")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
