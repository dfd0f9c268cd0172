using System.Text.Json;
using Duel.Testing;
using Npgsql;

namespace Duel.Grains.Tests.Battles;

/// <summary>Verdict JSON in the contract's shape, and the jobs and versions a battle left in the database.</summary>
internal static class Verdicts
{
    public static JsonElement Passed(int total) => Of("passed", total, total);

    public static JsonElement Failed(int passed, int total) => Of("failed", passed, total);

    public static JsonElement Of(string status, int passed, int total) => JsonSerializer.SerializeToElement(new
    {
        status,
        passed,
        total,
        message = $"{passed} of {total} passed",
        elapsed_ms = 12,
        tests = Enumerable.Range(0, total).Select(i => new
        {
            index = i,
            hidden = i >= 3,
            status = i < passed ? "passed" : "wrong-answer",
            args = new[] { "secret-" + i },
            expected = true,
            actual = i < passed,
        }),
    });

    /// <summary>The battle's judge jobs, oldest first: id, payload and status.</summary>
    public static async Task<List<(string Id, JsonElement Payload, string Status)>> JobsAsync(TestCluster cluster, string battle)
    {
        await using var command = cluster.DataSource.CreateCommand(
            "select id, payload::text, status from jobs where grain_type = 'battle' and grain_key = $1 order by created_at, id");
        command.Parameters.Add(new NpgsqlParameter { Value = battle });
        await using var reader = await command.ExecuteReaderAsync();
        var jobs = new List<(string, JsonElement, string)>();
        while (await reader.ReadAsync())
        {
            jobs.Add((reader.GetString(0), JsonDocument.Parse(reader.GetString(1)).RootElement, reader.GetString(2)));
        }

        return jobs;
    }

    public static async Task<string> LastJobAsync(TestCluster cluster, string battle) => (await JobsAsync(cluster, battle))[^1].Id;

    public static async Task<long> VersionAsync(TestCluster cluster, string type, string key)
    {
        await using var command = cluster.DataSource.CreateCommand(
            "select version::bigint from orleans_grain_state where grain_type = $1 and grain_id_ext = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = type });
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        return (long)(await command.ExecuteScalarAsync() ?? 0L);
    }

    public static async Task<long> CountAsync(TestCluster cluster, string sql, params object[] args)
    {
        await using var command = cluster.DataSource.CreateCommand(sql);
        foreach (var arg in args)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = arg });
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
