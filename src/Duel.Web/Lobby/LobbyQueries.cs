using Dapper;
using Duel.Grains.Catalogue;
using Duel.Grains.Matchmaking;
using Npgsql;

namespace Duel.Web.Lobby;

/// <summary>Read-only lobby figures from the read models (players, presence) and the queue grains.</summary>
public sealed class LobbyQueries(NpgsqlDataSource dataSource, IGrainFactory grains, ChallengeCatalogue catalogue)
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
            where p.last_seen > now() - interval '1 minute'
            order by lower(a.name) limit @limit
            """, new { limit }, cancellationToken: ct));
        return rows.ToList();
    }

    /// <summary>Tickets waiting per queue (each challenge and <c>any</c>).</summary>
    public async Task<IReadOnlyList<(string Queue, int Waiting)>> QueuesAsync()
    {
        var queues = catalogue.All.Select(c => c.Slug).Append(ChallengePicker.AnyQueue).ToList();
        var statuses = await Task.WhenAll(queues.Select(q => grains.GetGrain<IMatchmakerGrain>(q).Status("")));
        return statuses.Select(s => (s.Queue, s.Waiting)).ToList();
    }
}
