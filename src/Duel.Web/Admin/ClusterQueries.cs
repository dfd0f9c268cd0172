using Dapper;
using Npgsql;

namespace Duel.Web.Admin;

/// <summary>The operator's view of the cluster, straight from the runtime's tables.</summary>
public sealed class ClusterQueries(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<MemberRow>> MembersAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<MemberRow>(new CommandDefinition(
            """
            select id as Id, role as Role, coalesce(address, '') as Address, started_at as StartedAt,
                   heartbeat_at as HeartbeatAt, load::text as Load,
                   heartbeat_at > now() - interval '30 seconds' as Alive
            from cluster_members order by role, id
            """, cancellationToken: ct));
        return rows.ToList();
    }

    public async Task<IReadOnlyList<ActiveBattleRow>> ActiveBattlesAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<ActiveBattleRow>(new CommandDefinition(
            """
            select id as Id, challenge as Challenge, player_a as PlayerA, player_b as PlayerB, deadline as Deadline
            from live_battles order by started_at desc limit 200
            """, cancellationToken: ct));
        return rows.ToList();
    }

    public async Task<IReadOnlyList<JobBacklogRow>> JobsAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<JobBacklogRow>(new CommandDefinition(
            """
            select queue as Queue, status as Status, count(*)::int as Count,
                   coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as OldestSeconds
            from jobs where status <> 'applied' group by queue, status order by queue, status
            """, cancellationToken: ct));
        return rows.ToList();
    }
}
