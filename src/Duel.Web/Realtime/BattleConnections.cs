namespace Duel.Web.Realtime;

/// <summary>
/// This node's hub connections per battle player, so a player with two tabs is reported
/// disconnected only when the last one closes; and each battle's audience here (players and
/// spectators), so the event bridge renders only for the viewers this node holds.
/// </summary>
public sealed class BattleConnections
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Battle, string Player), HashSet<string>> _connections = [];
    private readonly Dictionary<string, HashSet<(string Viewer, string Connection)>> _audience = [];

    /// <summary>True when this is the player's first connection to the battle on this node.</summary>
    public bool Join(string battleId, string playerId, string connectionId)
    {
        lock (_gate)
        {
            var key = (battleId, playerId);
            if (!_connections.TryGetValue(key, out var set)) _connections[key] = set = [];
            return set.Add(connectionId) && set.Count == 1;
        }
    }

    /// <summary>
    /// A connection of <paramref name="viewerId"/> joins the battle's audience on this node. Called before the
    /// battle is read, so no event between that read and this registration goes unrendered.
    /// </summary>
    public void Attend(string battleId, string viewerId, string connectionId)
    {
        lock (_gate)
        {
            if (!_audience.TryGetValue(battleId, out var viewers)) _audience[battleId] = viewers = [];
            viewers.Add((viewerId, connectionId));
        }
    }

    public void Depart(string battleId, string viewerId, string connectionId)
    {
        lock (_gate)
        {
            if (_audience.TryGetValue(battleId, out var viewers) && viewers.Remove((viewerId, connectionId)) && viewers.Count == 0)
                _audience.Remove(battleId);
        }
    }

    /// <summary>Who this node renders a battle's events for: players among <paramref name="players"/>, and whether anyone else watches.</summary>
    public (IReadOnlyList<string> Players, bool Spectators) Audience(string battleId, IEnumerable<string> players)
    {
        lock (_gate)
        {
            if (!_audience.TryGetValue(battleId, out var viewers)) return ([], false);
            var sides = players.ToHashSet();
            var present = viewers.Select(v => v.Viewer).Where(sides.Contains).Distinct().ToList();
            return (present, viewers.Any(v => !sides.Contains(v.Viewer)));
        }
    }

    /// <summary>True when that was the player's last connection to the battle on this node.</summary>
    public bool Leave(string battleId, string playerId, string connectionId)
    {
        lock (_gate)
        {
            var key = (battleId, playerId);
            if (!_connections.TryGetValue(key, out var set) || !set.Remove(connectionId)) return false;
            if (set.Count > 0) return false;
            _connections.Remove(key);
            return true;
        }
    }
}
