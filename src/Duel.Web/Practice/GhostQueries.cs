using Dapper;
using Duel.Grains.Battles;
using Npgsql;

namespace Duel.Web.Practice;

/// <summary>A recorded win to race: the battle, its winner and how long the win took.</summary>
public sealed record GhostCandidate(string BattleId, string Challenge, string WinnerId, string WinnerName, double SolveSeconds);

/// <summary>One step of a ghost's code, as an offset from the start of the battle it was recorded in.</summary>
public sealed record GhostCode(long OffsetMs, string Code);

/// <summary>Finds recorded wins for practice and reads their code timelines (migration 010).</summary>
public sealed class GhostQueries(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// A random one of the 20 latest wins by solving (on <paramref name="challenge"/>, or any when null) whose
    /// winner's code was recorded; <paramref name="battleId"/> pins the choice the practice page showed.
    /// </summary>
    public async Task<GhostCandidate?> FindAsync(string? challenge, string? battleId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<GhostCandidate>(new CommandDefinition(
            """
            select b.id as BattleId, b.challenge as Challenge, b.winner as WinnerId, p.name as WinnerName,
                   extract(epoch from b.duration)::float8 as SolveSeconds
            from (select id, challenge, winner, duration from battles b
                  where reason = 'solved' and winner is not null
                    and (@challenge::text is null or challenge = @challenge)
                    and (@battleId::text is null or id = @battleId)
                    and exists (select 1 from code_timeline t where t.battle_id = b.id and t.player_id = b.winner)
                  order by finished_at desc limit 20) b
            join players p on p.id = b.winner
            order by random() limit 1
            """, new { challenge, battleId }, cancellationToken: ct));
    }

    /// <summary>The ghost's code over time, offsets from the source battle's start (never negative).</summary>
    public async Task<IReadOnlyList<GhostCode>> TimelineAsync(GhostSource ghost, DateTimeOffset sourceStart, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(DateTime At, string Code)>(new CommandDefinition(
            """
            select at, code from code_timeline where battle_id = @battleId and player_id = @playerId order by seq
            """, new { battleId = ghost.BattleId, playerId = ghost.PlayerId }, cancellationToken: ct));
        return [.. rows.Select(r => new GhostCode(Math.Max(0, (long)(new DateTimeOffset(r.At, TimeSpan.Zero) - sourceStart).TotalMilliseconds), r.Code))];
    }
}
