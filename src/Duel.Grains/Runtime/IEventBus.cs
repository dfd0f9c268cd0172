namespace Duel.Grains.Runtime;

/// <summary>
/// Cluster-wide events, delivered through PostgreSQL NOTIFY to every node.
/// </summary>
public interface IEventBus
{
    /// <summary>
    /// Subscribes to one stream (<c>"battle/b-1"</c>) or, when <paramref name="stream"/> ends with
    /// <c>'/'</c> or <c>'*'</c>, to every stream with that prefix (<c>"battle/"</c>; <c>"*"</c> = all).
    /// Events of one stream reach a handler one at a time, in Seq order; a gap seen in the notifications
    /// is filled from the event table first, and after the node's LISTEN connection comes back the streams seen
    /// so far are caught up from the table; a Seq jump that still reaches the handler means the events were pruned.
    /// Dispose the result to unsubscribe.
    /// </summary>
    IDisposable Subscribe(string stream, Func<GrainEvent, Task> handler);

    /// <summary>
    /// Publishes an event outside any turn (e.g. live code mirroring): nothing is stored when it is small,
    /// it carries Seq 0, and it may be lost if the node crashes. Not for anything that must survive.
    /// </summary>
    void PublishEphemeral(string stream, string type, object data);
}
