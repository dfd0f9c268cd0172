using Dapper;
using Npgsql;

namespace Duel.Web.Players;

/// <summary>Profile read models: rating history, recent battles and head-to-head from <c>player_battles</c>.</summary>
public sealed class ProfileQueries(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<RatingPoint>> HistoryAsync(string playerId, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<RatingPoint>(new CommandDefinition(
            """
            select finished_at as At, rating_before as Before, rating_after as After from (
                select finished_at, rating_before, rating_after from player_battles
                where player_id = @playerId order by finished_at desc limit @limit) recent
            order by finished_at
            """, new { playerId, limit }, cancellationToken: ct));
        return rows.ToList();
    }

    public async Task<IReadOnlyList<RecentBattle>> RecentAsync(string playerId, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<RecentBattle>(new CommandDefinition(
            """
            select b.battle_id as BattleId, b.challenge as Challenge, coalesce(o.name, b.opponent_id) as Opponent,
                   b.result as Result, b.reason as Reason, b.rating_before as RatingBefore, b.rating_after as RatingAfter,
                   b.finished_at as FinishedAt
            from player_battles b left join players o on o.id = b.opponent_id
            where b.player_id = @playerId
            order by b.finished_at desc limit @limit
            """, new { playerId, limit }, cancellationToken: ct));
        return rows.ToList();
    }

    public async Task<IReadOnlyList<HeadToHead>> HeadToHeadAsync(string playerId, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<HeadToHead>(new CommandDefinition(
            """
            select coalesce(o.name, b.opponent_id) as Opponent,
                   count(*) filter (where b.result = 'win')::int as Wins,
                   count(*) filter (where b.result = 'loss')::int as Losses,
                   count(*) filter (where b.result = 'draw')::int as Draws
            from player_battles b left join players o on o.id = b.opponent_id
            where b.player_id = @playerId
            group by coalesce(o.name, b.opponent_id)
            order by count(*) desc, 1 limit @limit
            """, new { playerId, limit }, cancellationToken: ct));
        return rows.ToList();
    }
}
