using System.Text;
using Duel.Grains.Battles;
using Duel.Grains.Runtime;
using Duel.Web.Accounts;
using Duel.Web.Battles;
using Duel.Web.Mirroring;
using Duel.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Duel.Web.Realtime;

/// <summary>
/// The real-time channel. Identity is the cookie's player (Context.User), never a payload field.
/// Groups: <c>player:{id}</c> (every connection of a player), <c>code:{battle}:{player}</c> (everyone in
/// the battle but that player: its mirror; an author never gets its own code back), <c>watch:{id}</c>
/// (spectators: their rendering of the fragments).
/// </summary>
[Authorize]
public sealed class DuelHub(BattleScreens screens, CodeSnapshotStore snapshots, CodeRelay relay, EventBridge bridge,
    BattleConnections connections, BattlePresenceStore battlePresence, PresenceTracker presence, IGrainFactory grains, RateLimits limits,
    IOptions<BattleOptions> options, ILogger<DuelHub> logger) : Hub
{
    public static string PlayerGroup(string playerId) => $"player:{playerId}";
    public static string MirrorGroup(string battleId, string playerId) => $"code:{battleId}:{playerId}";
    public static string WatchGroup(string battleId) => $"watch:{battleId}";

    private string Me => Context.User!.RequiredPlayerId();

    /// <summary>Battles this connection joined: id → plays in it.</summary>
    private Dictionary<string, bool> Joined =>
        (Dictionary<string, bool>)(Context.Items.TryGetValue("battles", out var b) ? b! : Context.Items["battles"] = new Dictionary<string, bool>());

    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, PlayerGroup(Me));
        // Subscribed before the connection is up: a match made right after cannot slip past it.
        await bridge.Acquire($"player/{Me}");
        if (presence.Connected(Me)) await presence.ArrivedAsync(Me, Context.ConnectionAborted);
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        bridge.Release($"player/{Me}");
        presence.Disconnected(Me);
        foreach (var (battleId, plays) in Joined)
        {
            bridge.Release(BattleScreens.Stream(battleId));
            connections.Depart(battleId, Me, Context.ConnectionId);
            if (plays && connections.Leave(battleId, Me, Context.ConnectionId) && await LeaveLastAsync(battleId))
                await ReportAsync(battleId, connected: false);
        }
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>Starts live updates for a battle page. Anyone signed in may watch; players also report presence.</summary>
    public async Task<JoinReply> JoinBattle(string battleId)
    {
        if (!BattleIds.IsWellFormed(battleId)) throw new HubException("Battle not found.");
        // Subscribe first, then read: every event after the read reaches this node, and the panel's
        // seq tells the client which of them it already shows.
        var fresh = !Joined.ContainsKey(battleId);
        if (fresh)
        {
            await bridge.Acquire(BattleScreens.Stream(battleId));
            connections.Attend(battleId, Me, Context.ConnectionId);
        }
        var screen = await screens.LoadAsync(battleId, Me, Context.ConnectionAborted);
        if (screen is null)
        {
            if (fresh)
            {
                connections.Depart(battleId, Me, Context.ConnectionId);
                bridge.Release(BattleScreens.Stream(battleId));
            }
            throw new HubException("Battle not found.");
        }
        if (screen.View.FinishedAt is { } finished) snapshots.Close(battleId, finished + CodeSnapshotStore.FinalGrace);
        if (fresh)
        {
            Joined[battleId] = screen.IsPlayer;
            foreach (var player in screen.View.Players.Where(p => p.Id != Me))
                await Groups.AddToGroupAsync(Context.ConnectionId, MirrorGroup(battleId, player.Id));
            if (!screen.IsPlayer) await Groups.AddToGroupAsync(Context.ConnectionId, WatchGroup(battleId));
        }
        if (screen.IsPlayer)
        {
            if (connections.Join(battleId, Me, Context.ConnectionId)) await battlePresence.AddAsync(battleId, Me, Context.ConnectionAborted);
            if (screen.IsActive && screen.Me is { Connected: false }) await ReportAsync(battleId, connected: true);
        }
        var code = await snapshots.LatestAsync(battleId, Context.ConnectionAborted);
        return new JoinReply(battleId, screen.Seq, screen.IsPlayer,
            [.. code.Values.Select(s => new CodeUpdate(s.BattleId, s.PlayerId, s.Seq, s.Code))]);
    }

    /// <summary>
    /// A full snapshot of the caller's editor. Only a player of a battle this connection joined may
    /// send; over the size cap or the rate it is refused; an older sequence than the latest is dropped.
    /// </summary>
    public async Task<SendCodeReply> SendCode(string battleId, long seq, string code)
    {
        var max = options.Value.MaxCodeBytes;
        if (Encoding.UTF8.GetByteCount(code ?? "") > max)
            return new SendCodeReply("too-large", Message: $"Your code is over {max / 1024} KiB; the opponent sees your last smaller version.");
        if (!Joined.TryGetValue(battleId, out var plays) || !plays)
            return new SendCodeReply("forbidden", Message: "Only this battle's players can send code.");
        if (snapshots.IsClosed(battleId)) return SendCodeReply.Closed;
        if (limits.Snapshot(Me) is { IsAllowed: false } limited)
            return new SendCodeReply("throttled", (int)Math.Ceiling(limited.RetryAfter.TotalMilliseconds));
        var snapshot = new CodeSnapshot(battleId, Me, seq, code ?? "");
        if (!snapshots.Offer(snapshot, persist: true)) return SendCodeReply.Stale;
        relay.Publish(snapshot);
        return SendCodeReply.Ok;
    }

    /// <summary>Drops this node's row; true when no live node still holds the player (also when the table is unreachable).</summary>
    private async Task<bool> LeaveLastAsync(string battleId)
    {
        try
        {
            return await battlePresence.RemoveAsync(battleId, Me);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Recording the departure of {PlayerId} from battle {BattleId} failed", Me, battleId);
            return true;
        }
    }

    private async Task ReportAsync(string battleId, bool connected)
    {
        try
        {
            await grains.Battle(battleId).ReportConnection(Me, connected);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Reporting connection {Connected} of {PlayerId} to battle {BattleId} failed", connected, Me, battleId);
        }
    }
}
