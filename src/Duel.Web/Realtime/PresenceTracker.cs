using Dapper;
using Duel.Hosting;
using Npgsql;

namespace Duel.Web.Realtime;

/// <summary>
/// Counts this node's hub connections per player and keeps the <c>presence</c> table fresh with a
/// single batched upsert every few seconds, so the lobby can show who is online across nodes. Relaxed
/// commits (<see cref="PostgresPools.Relaxed"/>): the next refresh rewrites what a server crash loses.
/// </summary>
public sealed class PresenceTracker([FromKeyedServices(PostgresPools.Relaxed)] NpgsqlDataSource dataSource, ILogger<PresenceTracker> logger) : BackgroundService
{
    private static readonly string Node = $"{Environment.MachineName}:{Environment.ProcessId}";
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _connections = [];

    /// <summary>Marks @players as seen now on this node (the refresh's first half, and an arrival on its own).</summary>
    private const string SeenSql =
        """
        insert into presence (player_id, node, last_seen)
        select p, @node, now() from unnest(@players) as p
        on conflict (player_id) do update set node = excluded.node, last_seen = excluded.last_seen;
        """;

    /// <summary>True when this is the player's first connection on this node.</summary>
    public bool Connected(string playerId)
    {
        lock (_gate) return (_connections[playerId] = _connections.GetValueOrDefault(playerId) + 1) == 1;
    }

    /// <summary>
    /// Records a player's arrival at once rather than at the next refresh: a player who reloads onto
    /// another node must not look gone to the queue sweeper in between. A failure waits for the refresh.
    /// </summary>
    public async Task ArrivedAsync(string playerId, CancellationToken ct)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(SeenSql, new { node = Node, players = new[] { playerId } }, cancellationToken: ct));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Recording the arrival of {PlayerId} failed; the next refresh records it", playerId);
        }
    }

    /// <summary>Which of <paramref name="playerIds"/> some node holds a connection for (seen within <paramref name="within"/>).</summary>
    public async Task<IReadOnlySet<string>> PresentAsync(IReadOnlyCollection<string> playerIds, TimeSpan within, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var present = await connection.QueryAsync<string>(new CommandDefinition(
            """
            select player_id from presence
            where player_id = any(@playerIds) and last_seen > now() - @within
            """, new { playerIds = playerIds.ToArray(), within }, cancellationToken: ct));
        return present.ToHashSet();
    }

    /// <summary>True when this was the player's last connection on this node.</summary>
    public bool Disconnected(string playerId)
    {
        lock (_gate)
        {
            var left = _connections.GetValueOrDefault(playerId) - 1;
            if (left > 0)
            {
                _connections[playerId] = left;
                return false;
            }
            _connections.Remove(playerId);
            return true;
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicLoop.RunAsync(TimeSpan.FromSeconds(10), RefreshAsync, logger, "Refreshing presence", runAtStart: true, stoppingToken);

    public async Task RefreshAsync(CancellationToken ct)
    {
        string[] players;
        lock (_gate) players = [.. _connections.Keys];
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(SeenSql +
            """
            delete from presence where node = @node and not (player_id = any(@players));
            """, new { node = Node, players }, cancellationToken: ct));
    }
}
