namespace Duel.Web.Realtime;

/// <summary>
/// This node's hub connections per battle player, so a player with two tabs is reported
/// disconnected only when the last one closes.
/// </summary>
public sealed class BattleConnections
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Battle, string Player), HashSet<string>> _connections = [];

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
