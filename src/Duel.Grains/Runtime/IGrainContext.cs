namespace Duel.Grains.Runtime;

/// <summary>
/// What a grain sees of its turn. The clock and new ids come from here so that a turn retried
/// after a deadlock does exactly the same thing. Effects are registered here and performed by the
/// runtime inside the turn's transaction: none is visible if the turn fails.
/// </summary>
public interface IGrainContext
{
    /// <summary>The grain's key.</summary>
    string Key { get; }

    /// <summary>The turn's clock: fixed for the whole turn and for its retries.</summary>
    DateTimeOffset Now { get; }

    IGrainFactory GrainFactory { get; }

    /// <summary>A new id, the same on every retry of this turn.</summary>
    string NewId();

    /// <summary>Publishes an event on this grain's stream (<c>type/key</c>), delivered after commit.</summary>
    void Publish(string type, object data);

    /// <summary>Enqueues a job for workers; returns its id. The job row appears only if the turn commits.</summary>
    string EnqueueJob(string queue, object payload);

    void SetReminder(string name, DateTimeOffset due);

    void ClearReminder(string name);

    /// <summary>
    /// Records a fact for a relational read model (e.g. a finished battle). The silo's registered
    /// writer for <typeparamref name="T"/> performs it in the turn's transaction.
    /// </summary>
    void Record<T>(T fact) where T : class;

    /// <summary>
    /// Registers an action that runs once, on this node, after the turn commits (e.g. a log line):
    /// never for a turn that fails, nor for an attempt that is rolled back and retried. An exception
    /// it throws is logged and swallowed, since the turn has already committed.
    /// </summary>
    void AfterCommit(Action action);

    /// <summary>Locks several grains of one level in key order before calling them, so two turns never wait on each other.</summary>
    Task LockAsync<T>(IEnumerable<string> keys) where T : IGrain;
}
