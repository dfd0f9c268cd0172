using System.Text.Json;
using Duel.Grains.Battles;
using Duel.Grains.Runtime;
using Duel.Silo;

using Duel.Web.Battles;
using Duel.Web.Mirroring;
using Microsoft.AspNetCore.SignalR;
using Polly;
using Polly.Retry;

namespace Duel.Web.Realtime;

/// <summary>
/// Grain events (Redis pub/sub, through <see cref="IEventBus"/>) into this node's SignalR groups. A stream is
/// subscribed while at least one local connection needs it. Battle events become rendered
/// fragments per audience (each player, spectators) tagged with the event's sequence number;
/// ephemeral "code" events become JSON for the mirrors; a player's "matched" becomes matchFound.
/// Events of one stream are handled one at a time, in order; code events go out at once, so
/// the mirror never waits behind a battle event's view read and rendering. After an outage of the bus,
/// every battle held here is pushed again as it stands (<see cref="ResyncEvent"/>).
/// </summary>
public sealed class EventBridge(IEventBus bus, IGrainFactory grains, BattleScreens screens, PartialRenderer renderer,
    CodeSnapshotStore snapshots, BattleConnections connections, IHubContext<DuelHub> hub, ILogger<EventBridge> logger)
{
    public const string CodeEvent = "code";

    /// <summary>The type of a battle push that carries no event: the battle as it stands, at its view's Seq.</summary>
    public const string ResyncEvent = "resync";
    private const string Panel = "~/Pages/Battles/Partials/_Panel.cshtml";

    // A battle's view while its silo is unreachable (it just died; the battle re-activates elsewhere once the cluster
    // notices): read again for about half a minute, since a battle's last event has no later push to heal a miss.
    // A read the dying silo took in would wait for Orleans' 30 s response timeout, holding up the stream: it is
    // given up after ViewPatience (a view takes milliseconds) and tried again.
    private static readonly TimeSpan ViewPatience = TimeSpan.FromSeconds(5);
    private static readonly ResiliencePipeline SiloRecovery = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<OrleansMessageRejectionException>().Handle<SiloUnavailableException>().Handle<TimeoutException>(),
            MaxRetryAttempts = 12,
            BackoffType = DelayBackoffType.Linear,
            Delay = TimeSpan.FromMilliseconds(500),
            MaxDelay = TimeSpan.FromSeconds(3),
        })
        .Build();

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Subscription> _subscriptions = [];
    private IDisposable? _resumption;

    private sealed class Subscription
    {
        public int Count;
        public Task<IDisposable>? Handle;
        public Task Tail = Task.CompletedTask; // the last battle or player event queued, for ordering
    }

    /// <summary>
    /// Starts (or shares) the node's subscription to <paramref name="stream"/>; completes once it is in
    /// place, so a caller that then reads the grain misses no later event.
    /// </summary>
    public Task Acquire(string stream)
    {
        lock (_gate)
        {
            // Watched from the first subscription on: the bus exists only once the co-hosted silo has started.
            _resumption ??= bus.WhenResumed(ResyncAsync);
            if (!_subscriptions.TryGetValue(stream, out var sub)) _subscriptions[stream] = sub = new Subscription();
            sub.Count++;
            return Guarded(stream, Subscribed(stream, sub));
        }
    }

    /// <summary>A failed subscription is logged, not thrown: the page still works, it refreshes instead of being pushed to.</summary>
    private async Task Guarded(string stream, Task<IDisposable> handle)
    {
        try
        {
            await handle;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Subscribing to {Stream} failed; its viewers fall back to refreshing", stream);
        }
    }

    public void Release(string stream)
    {
        lock (_gate)
        {
            if (!_subscriptions.TryGetValue(stream, out var sub) || --sub.Count > 0) return;
            _subscriptions.Remove(stream);
            sub.Handle?.ContinueWith(t => t.Result.Dispose(), CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// The bus was out: an event published meanwhile reached nobody, and when it was a battle's last one (a
    /// verdict, the finish) no later Seq would show the gap. So each battle held here is pushed again, behind
    /// the events already queued for it; its viewers swap the panel or, past a gap, re-fetch it.
    /// </summary>
    private Task ResyncAsync()
    {
        lock (_gate)
        {
            foreach (var (stream, sub) in _subscriptions)
            {
                Subscribed(stream, sub);
                if (Split(stream).Type == "battle") Enqueue(sub, new GrainEvent(stream, 0, ResyncEvent, default));
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// The stream's subscription, made now when there is none yet or the last one failed (made while Redis was
    /// restarting): it is made again by the next caller, and by the resync once Redis is back.
    /// </summary>
    private Task<IDisposable> Subscribed(string stream, Subscription sub) =>
        sub.Handle is { IsFaulted: false } handle ? handle : sub.Handle = bus.SubscribeAsync(stream, e => HandleAsync(sub, e));

    private Task HandleAsync(Subscription sub, GrainEvent e)
    {
        if (e.Type == CodeEvent && Split(e.Stream) is ("battle", var battleId)) return GuardAsync(e, () => CodeAsync(battleId, e));
        Enqueue(sub, e);
        return Task.CompletedTask;
    }

    private void Enqueue(Subscription sub, GrainEvent e)
    {
        var (type, key) = Split(e.Stream);
        lock (sub)
        {
            sub.Tail = sub.Tail.ContinueWith(_ => GuardAsync(e, () => SiloRecovery.ExecuteAsync(_ => new ValueTask(ScreenAsync(type, key, e))).AsTask()),
                TaskScheduler.Default).Unwrap();
        }
    }

    private Task ScreenAsync(string type, string key, GrainEvent e)
    {
        if (type == "player" && e.Type == BattleEvents.Matched) return MatchedAsync(key, e);
        return type == "battle" ? BattleAsync(key, e) : Task.CompletedTask;
    }

    private async Task GuardAsync(GrainEvent e, Func<Task> bridge)
    {
        try
        {
            await bridge();
        }
        catch (Exception ex)
        {
            // Clients recover from a lost push: the next event shows a gap and they re-fetch.
            logger.LogWarning(ex, "Bridging {Type} on {Stream} (seq {Seq}) failed", e.Type, e.Stream, e.Seq);
        }
    }

    private Task MatchedAsync(string playerId, GrainEvent e)
    {
        var matched = e.Data.Deserialize<MatchedEvent>(GrainJson.State)!;
        return hub.Clients.Group(DuelHub.PlayerGroup(playerId))
            .SendAsync("matchFound", new MatchFound(matched.BattleId, $"/battles/{matched.BattleId}"));
    }

    private Task CodeAsync(string battleId, GrainEvent e)
    {
        var code = e.Data.Deserialize<CodeUpdate>(GrainJson.State)!;
        if (code.BattleId != battleId) return Task.CompletedTask;
        snapshots.Offer(new CodeSnapshot(battleId, code.PlayerId, code.Seq, code.Code), persist: false);
        return hub.Clients.Group(DuelHub.MirrorGroup(battleId, code.PlayerId)).SendAsync("code", code);
    }

    private async Task BattleAsync(string battleId, GrainEvent e)
    {
        var view = await grains.Battle(battleId).GetPanelView().WaitAsync(ViewPatience);
        if (!view.Exists) return;
        var seq = e.Type == ResyncEvent ? view.Seq : e.Seq;
        // Every node a player sends code through is subscribed here: from now on the code is final.
        if (view.FinishedAt is { } finished) snapshots.Close(battleId, finished + CodeSnapshotStore.FinalGrace);
        // Each node renders only for the audiences it holds: the other node of a two-node battle renders
        // the other player's panel, and nobody renders for a ghost or for spectators who are not there.
        var (players, spectators) = connections.Audience(battleId, view.Players.Select(p => p.Id));
        foreach (var player in players)
        {
            var html = await renderer.RenderAsync(Panel, screens.Screen(view, player, seq));
            await hub.Clients.Group(DuelHub.PlayerGroup(player)).SendAsync("battle", new BattleUpdate(battleId, seq, e.Type, html));
        }
        if (!spectators) return;
        var watchers = await renderer.RenderAsync(Panel, screens.Screen(view, null, seq));
        await hub.Clients.Group(DuelHub.WatchGroup(battleId)).SendAsync("battle", new BattleUpdate(battleId, seq, e.Type, watchers));
    }

    private static (string Type, string Key) Split(string stream)
    {
        var slash = stream.IndexOf('/');
        return slash < 0 ? (stream, "") : (stream[..slash], stream[(slash + 1)..]);
    }
}
