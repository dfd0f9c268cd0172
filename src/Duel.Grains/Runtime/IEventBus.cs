namespace Duel.Grains.Runtime;

/// <summary>
/// Cluster-wide events over Redis pub/sub: every node that subscribed to a stream receives what any
/// node publishes on it. Delivery is at most once; <see cref="GrainEvent.Seq"/> lets a subscriber
/// see a gap and re-read the grain instead (the grain's state is the truth, events are hints).
/// </summary>
public interface IEventBus
{
    /// <summary>
    /// Subscribes to one stream (<c>"battle/b-1"</c>); completes once the subscription is in place, so
    /// every event published after that reaches the handler. Events reach it one at a time, in the order
    /// they were published; repeats of an already seen Seq are dropped. Dispose the result to unsubscribe.
    /// </summary>
    Task<IDisposable> SubscribeAsync(string stream, Func<GrainEvent, Task> handler);

    /// <summary>Publishes an event of a grain's stream, after the grain has stored the state it describes.</summary>
    Task PublishAsync(string stream, long seq, string type, object data);

    /// <summary>
    /// Publishes an event outside any grain (e.g. live code mirroring): Seq 0, not ordered against
    /// the stream's other events, lost if nobody listens. Not for anything that must survive.
    /// </summary>
    void PublishEphemeral(string stream, string type, object data);

    /// <summary>
    /// Calls <paramref name="resumed"/> each time the bus is back after an outage, once every subscription is in
    /// place again. Whatever was published meanwhile may have reached nobody, and an outage can swallow a
    /// stream's last event (no later Seq shows the gap), so a subscriber re-reads what it shows. Dispose to stop.
    /// </summary>
    IDisposable WhenResumed(Func<Task> resumed);
}
