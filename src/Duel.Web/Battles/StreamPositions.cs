using Dapper;
using Npgsql;

namespace Duel.Web.Battles;

/// <summary>A grain's stream position is its state row's <c>event_seq</c> (see 001_runtime.sql).</summary>
public sealed class StreamPositions(NpgsqlDataSource dataSource) : IStreamPositions
{
    public async Task<long> CurrentAsync(string stream, CancellationToken ct)
    {
        var slash = stream.IndexOf('/');
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            """
            select event_seq from grain_state where grain_type = @type and grain_key = @key
            """, new { type = stream[..slash], key = stream[(slash + 1)..] }, cancellationToken: ct)) ?? 0;
    }
}
