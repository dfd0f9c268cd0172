using System.Text.Json;
using Npgsql;

namespace Duel.Silo;

/// <summary>A row of <c>cluster_members</c>.</summary>
public sealed record ClusterMember(string Id, string Role, string? Address, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt, JsonElement Load);

/// <summary>
/// The node heartbeat table's SQL (operators' view and web presence; Orleans keeps silo membership in Redis). Workers (which must not reference Duel.Silo) run the same statements:
/// <see cref="HeartbeatSql"/> with ($1 id, $2 role, $3 address, $4 started_at, $5 load json text).
/// </summary>
public static class ClusterMembership
{
    public const string HeartbeatSql = """
        insert into cluster_members (id, role, address, started_at, heartbeat_at, load)
        values ($1, $2, $3, $4, now(), $5::jsonb)
        on conflict (id) do update set role = excluded.role, address = excluded.address,
            heartbeat_at = now(), load = excluded.load
        """;

    public const string LeaveSql = "delete from cluster_members where id = $1";

    public const string ListSql = """
        select id, role, address, started_at, heartbeat_at, load::text from cluster_members order by role, id
        """;

    public static async Task HeartbeatAsync(
        NpgsqlDataSource dataSource, string id, string role, string? address, DateTimeOffset startedAt, object load, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(HeartbeatSql);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = role });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)address ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = startedAt.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(load) });
        await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task LeaveAsync(NpgsqlDataSource dataSource, string id, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(LeaveSql);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Every member, live or not: callers judge liveness from <see cref="ClusterMember.HeartbeatAt"/>.</summary>
    public static async Task<List<ClusterMember>> ListAsync(NpgsqlDataSource dataSource, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(ListSql);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var members = new List<ClusterMember>();
        while (await reader.ReadAsync(ct))
        {
            using var load = JsonDocument.Parse(reader.GetString(5));
            members.Add(new ClusterMember(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4), load.RootElement.Clone()));
        }
        return members;
    }
}
