using Dapper;
using Duel.Grains.Matchmaking;
using Npgsql;

namespace Duel.Web.Practice;

/// <summary>A recorded win to race: the battle, its winner and how long the win took.</summary>
public sealed record GhostCandidate(string BattleId, string Challenge, string WinnerId, string WinnerName, double SolveSeconds);

/// <summary>Finds recorded wins to race in practice (their code timelines are read like replays').</summary>
public sealed class GhostQueries(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// A random one of the 20 latest wins by solving (on <paramref name="queue"/>'s challenge, or on any for
    /// <c>any</c>) whose winner's code was recorded; <paramref name="battleId"/> pins the choice the practice page showed.
    /// </summary>
    public async Task<GhostCandidate?> FindAsync(string queue, string? battleId, CancellationToken ct)
    {
        var challenge = queue == ChallengePicker.AnyQueue ? null : queue;
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
}
