using Dapper;
using Duel.Grains.Catalogue;
using Npgsql;

namespace Duel.Web.Lobby;

/// <summary>Read-only lobby figures from the read models (players, presence, queues, battles).</summary>
public sealed class LobbyQueries(NpgsqlDataSource dataSource, ChallengeCatalogue catalogue)
{
    public async Task<IReadOnlyList<LeaderboardRow>> LeaderboardAsync(int limit, int offset, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<LeaderboardRow>(new CommandDefinition(
            """
            select row_number() over (order by rating desc, id) + @offset as Rank, name as Name, rating as Rating,
                   deviation as Deviation, wins as Wins, losses as Losses, draws as Draws
            from players
            order by rating desc, id
            limit @limit offset @offset
            """, new { limit, offset = (long)offset }, cancellationToken: ct));
        return rows.ToList();
    }

    public async Task<IReadOnlyList<string>> OnlineAsync(int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<string>(new CommandDefinition(
            """
            select a.name from presence p join accounts a on a.player_id = p.player_id
            where p.last_seen > now() - interval '30 seconds'
            order by lower(a.name) limit @limit
            """, new { limit }, cancellationToken: ct));
        return rows.ToList();
    }

    /// <summary>Tickets waiting per queue (each challenge and <c>any</c>), as the queue grains last recorded them.</summary>
    public async Task<IReadOnlyList<(string Queue, int Waiting)>> QueuesAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(string, int)>(new CommandDefinition(
            "select queue, waiting from queue_waiting where waiting > 0", cancellationToken: ct));
        var waiting = rows.ToDictionary(r => r.Item1, r => r.Item2);
        return [.. catalogue.AllQueues().Select(q => (q, waiting.GetValueOrDefault(q)))];
    }

    /// <summary>Per challenge, from finished battles: how many, how many were solved, the median time to solve.</summary>
    public async Task<IReadOnlyDictionary<string, ChallengeStats>> ChallengeStatsAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<ChallengeStats>(new CommandDefinition(
            """
            select challenge as Challenge, count(*)::int as Finished, count(*) filter (where reason = 'solved')::int as Solved,
                   percentile_cont(0.5) within group (order by extract(epoch from duration))
                       filter (where reason = 'solved') as MedianSolveSeconds
            from battles group by challenge
            """, cancellationToken: ct));
        return rows.ToDictionary(r => r.Challenge);
    }
}
