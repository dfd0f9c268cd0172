using Duel.Grains.Runtime;

namespace Duel.Silo.Runtime;

/// <summary>The <see cref="IGrainContext"/> injected into one grain instance for one turn attempt.</summary>
internal sealed class GrainContext(Turn turn, Activation activation) : IGrainContext
{
    public string Key => activation.Key;

    public DateTimeOffset Now => turn.Now;

    public IGrainFactory GrainFactory => turn.Runtime.Factory;

    public string NewId() => turn.NewId();

    public void Publish(string type, object data) => turn.Publish(activation, type, data);

    public string EnqueueJob(string queue, object payload) => turn.EnqueueJob(activation, queue, payload);

    public void SetReminder(string name, DateTimeOffset due) => turn.SetReminder(activation, name, due);

    public void ClearReminder(string name) => turn.SetReminder(activation, name, null);

    public void Record<T>(T fact) where T : class => turn.Record(activation, fact);

    public void AfterCommit(Action action) => turn.AfterCommit(activation, action);

    public Task LockAsync<T>(IEnumerable<string> keys) where T : IGrain =>
        turn.Runtime.LockManyAsync(turn, activation, typeof(T), keys);
}
