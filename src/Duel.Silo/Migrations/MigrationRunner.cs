using System.Text.RegularExpressions;
using Npgsql;

namespace Duel.Silo.Migrations;

/// <summary>One embedded migration: <c>Migrations/NNN_name.sql</c>.</summary>
public sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// Applies the numbered <c>.sql</c> files embedded in Duel.Silo, each in its own transaction, under a
/// session advisory lock so that nodes starting together apply each file exactly once.
/// </summary>
public static partial class MigrationRunner
{
    // Any fixed number: all nodes must agree on it.
    private const long AdvisoryLockKey = 0x4455454C_4D494752;

    private static readonly Lazy<IReadOnlyList<Migration>> Embedded = new(LoadEmbedded);

    public static IReadOnlyList<Migration> All => Embedded.Value;

    public static int Latest => All.Count == 0 ? 0 : All[^1].Version;

    /// <summary>Applies every embedded migration not yet in <c>schema_migrations</c>; returns how many it applied.</summary>
    public static async Task<int> RunAsync(NpgsqlDataSource dataSource, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await Execute(connection, "select pg_advisory_lock(@key)", ct, AdvisoryLockKey);
        try
        {
            await Execute(connection, """
                create table if not exists schema_migrations (
                    version     int         primary key,
                    name        text        not null,
                    applied_at  timestamptz not null default now())
                """, ct);
            var applied = await AppliedVersionsAsync(connection, ct);
            var count = 0;
            foreach (var migration in All.Where(m => !applied.Contains(m.Version)))
            {
                await using var tx = await connection.BeginTransactionAsync(ct);
                await Execute(connection, migration.Sql, ct);
                await using (var journal = new NpgsqlCommand(
                    "insert into schema_migrations (version, name) values (@version, @name)", connection, tx))
                {
                    journal.Parameters.AddWithValue("version", migration.Version);
                    journal.Parameters.AddWithValue("name", migration.Name);
                    await journal.ExecuteNonQueryAsync(ct);
                }
                await tx.CommitAsync(ct);
                count++;
            }
            return count;
        }
        finally
        {
            await Execute(connection, "select pg_advisory_unlock(@key)", CancellationToken.None, AdvisoryLockKey);
        }
    }

    /// <summary>Versions recorded in the journal (empty when the journal does not exist yet).</summary>
    public static async Task<HashSet<int>> AppliedVersionsAsync(NpgsqlConnection connection, CancellationToken ct = default)
    {
        await using var command = new NpgsqlCommand("""
            select version from schema_migrations where to_regclass('schema_migrations') is not null
            """, connection);
        var versions = new HashSet<int>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                versions.Add(reader.GetInt32(0));
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // A database nobody has migrated yet.
        }
        return versions;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken ct, long? key = null)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (key is { } k)
        {
            command.Parameters.AddWithValue("key", k);
        }
        await command.ExecuteNonQueryAsync(ct);
    }

    private static List<Migration> LoadEmbedded()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = FileName().Match(resource);
            if (!match.Success)
            {
                continue;
            }
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(int.Parse(match.Groups[1].Value), match.Groups[2].Value, reader.ReadToEnd()));
        }
        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException(
                $"Two migrations share number {duplicate.Key}: {string.Join(", ", duplicate.Select(m => m.Name))}");
        }
        return [.. migrations.OrderBy(m => m.Version)];
    }

    // Resource names look like "Duel.Silo.Migrations.001_runtime.sql".
    [GeneratedRegex(@"\.Migrations\.(\d+)_([A-Za-z0-9_\-]+)\.sql$")]
    private static partial Regex FileName();
}
