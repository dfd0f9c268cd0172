using Dapper;
using Duel.Silo;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Duel.Web.Realtime;

/// <summary>
/// The <c>battle_connections</c> table: which nodes hold a player's connections to a battle, so a
/// player is reported disconnected only when no live node holds one, and a dead node's players
/// are found by the survivors. A node is live while its <c>cluster_members</c> heartbeat is fresh.
/// </summary>
public sealed class BattlePresenceStore(NpgsqlDataSource dataSource, IOptions<SiloOptions> options)
{
    /// <summary>A heartbeat older than this many intervals marks its node dead.</summary>
    public const int StaleHeartbeats = 3;

    public string Node => options.Value.SiloId;

    private TimeSpan Stale => options.Value.HeartbeatInterval * StaleHeartbeats;

    public async Task AddAsync(string battleId, string playerId, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into battle_connections (battle_id, player_id, node) values (@battleId, @playerId, @node)
            on conflict do nothing
            """, new { battleId, playerId, node = Node }, cancellationToken: ct));
    }

    /// <summary>Removes this node's row; true when no live node holds a connection of the player any more.</summary>
    public async Task<bool> RemoveAsync(string battleId, string playerId, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            """
            with gone as (
                delete from battle_connections where battle_id = @battleId and player_id = @playerId and node = @node
            )
            select not exists (
                select 1 from battle_connections c
                join cluster_members m on m.id = c.node and m.heartbeat_at > now() - @stale
                where c.battle_id = @battleId and c.player_id = @playerId and c.node <> @node)
            """, new { battleId, playerId, node = Node, stale = Stale }, cancellationToken: ct));
    }

    /// <summary>
    /// Deletes the rows of dead nodes and returns the players left without a connection on any live
    /// node. Rows another sweeper holds are skipped, so concurrent sweepers do not report twice.
    /// </summary>
    public async Task<IReadOnlyList<(string BattleId, string PlayerId)>> SweepDeadAsync(CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(string, string)>(new CommandDefinition(
            """
            with dead as (
                select c.battle_id, c.player_id, c.node from battle_connections c
                where not exists (select 1 from cluster_members m where m.id = c.node and m.heartbeat_at > now() - @stale)
                for update of c skip locked
            ), gone as (
                delete from battle_connections c using dead d
                where c.battle_id = d.battle_id and c.player_id = d.player_id and c.node = d.node
                returning c.battle_id, c.player_id
            )
            select distinct g.battle_id, g.player_id from gone g
            where not exists (
                select 1 from battle_connections c
                join cluster_members m on m.id = c.node and m.heartbeat_at > now() - @stale
                where c.battle_id = g.battle_id and c.player_id = g.player_id)
            """, new { stale = Stale }, cancellationToken: ct));
        return [.. rows];
    }
}
