using Npgsql;

namespace Duel.Silo.Tests;

/// <summary>Small SQL helpers for assertions.</summary>
internal static class Db
{
    public static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql, params object[] values)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, params object[] values)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Polls until <paramref name="condition"/> holds (liveness, not speed: the limit is generous).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, double seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not within {seconds} s: {what}");
            }
            await Task.Delay(50);
        }
    }
}
