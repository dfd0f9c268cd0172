using Dapper;
using Npgsql;

namespace Duel.Web.Replays;

/// <summary>Reads <c>code_timeline</c> (migration 010): every snapshot a player sent, with the server time it arrived.</summary>
public sealed class ReplayQueries(NpgsqlDataSource dataSource)
{
    /// <summary>The named players' snapshots in one battle, each player's in sequence order; a player without any is absent.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<TimelineRow>>> TimelinesAsync(
        string battleId, IReadOnlyCollection<string> playerIds, CancellationToken ct)
    {
        if (playerIds.Count == 0) return new Dictionary<string, IReadOnlyList<TimelineRow>>();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(string PlayerId, DateTime At, string Code)>(new CommandDefinition(
            """
            select player_id, at, code
            from code_timeline
            where battle_id = @battleId and player_id = any(@playerIds)
            order by player_id, seq
            """, new { battleId, playerIds = playerIds.ToArray() }, cancellationToken: ct));
        return rows
            .GroupBy(r => r.PlayerId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<TimelineRow>)[.. g.Select(r => new TimelineRow(AsUtc(r.At), r.Code))]);
    }

    // timestamptz arrives as a UTC DateTime; the kind is stated so no local offset can creep in.
    private static DateTimeOffset AsUtc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}

/// <summary>One stored snapshot of <c>code_timeline</c>: when it arrived and the editor's text.</summary>
public sealed record TimelineRow(DateTimeOffset At, string Code);
