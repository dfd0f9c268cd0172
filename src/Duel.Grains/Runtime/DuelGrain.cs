using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Duel.Grains.Runtime;

/// <summary>
/// Base of the duel's grains. A grain method changes <see cref="State"/> in memory and registers
/// effects (events, reminders, after-commit actions); when the call returns, the grain's call filter
/// commits: new reminders first, then one state write, then cleared reminders, events (numbered
/// contiguously on the grain's stream) and after-commit actions. A call that throws restores the last
/// committed state and drops its effects, and a call that changed nothing writes nothing; nor does one
/// whose change <see cref="MustStore"/> lets a crash lose (stored when the activation is collected; what a crash
/// lost, <see cref="RecoverAsync"/> rebuilds at the next activation from the change's own record). A method
/// that must store progress before calling another grain (a protocol step) calls <see cref="CommitAsync"/>.
/// </summary>
public abstract class DuelGrain<TState>(IPersistentState<TState> state, GrainServices services, ILogger logger, string streamType)
    : Grain, IIncomingGrainCallFilter, IRemindable
    where TState : DuelState
{
    // Orleans reminders repeat; ours are one-shot, so the period is only a backstop if clearing fails.
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    private static readonly ConcurrentDictionary<MethodInfo, bool> Interleaving = new();

    private readonly List<(string Type, object Data)> _events = [];
    private readonly Dictionary<string, DateTimeOffset?> _reminders = [];
    private readonly List<Func<Task>> _afterCommit = [];
    private readonly Dictionary<string, IGrainTimer> _timers = [];
    private readonly Dictionary<string, IGrainReminder> _handles = [];
    private TState? _committed;
    private TState? _stored;

    protected TState State
    {
        get => state.State;
        set => state.State = value;
    }

    protected string Key => this.GetPrimaryKeyString();

    protected DateTimeOffset Now => services.Time.GetUtcNow();

    protected GrainServices Services => services;

    /// <summary>A new id (Guid v7, 32 hex digits): ordered by creation time, unique across silos.</summary>
    protected static string NewId() => Guid.CreateVersion7().ToString("N");

    /// <summary>Publishes an event on this grain's stream once the state it belongs to is stored.</summary>
    protected void Publish(string type, object data) => _events.Add((type, data));

    /// <summary>Fires <see cref="OnReminder"/> at <paramref name="due"/> (or soon after), durably; the last call per name wins.</summary>
    protected void SetReminder(string name, DateTimeOffset due) => _reminders[name] = due;

    protected void ClearReminder(string name) => _reminders[name] = null;

    protected void AfterCommit(Action action) => _afterCommit.Add(() => { action(); return Task.CompletedTask; });

    protected void AfterCommit(Func<Task> action) => _afterCommit.Add(action);

    /// <summary>Handles a reminder set with <see cref="SetReminder"/>. It is cleared afterwards unless set again.</summary>
    protected abstract Task OnReminder(string name);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Stored before the first call, so a second crash cannot lose what the first one's recovery rebuilt.
        var recovered = await RecoverAsync(state.State);
        if (!ReferenceEquals(recovered, state.State))
        {
            state.State = recovered;
            await state.WriteStateAsync(cancellationToken);
        }

        _committed = _stored = state.State;
    }

    /// <summary>
    /// Reads this grain's row again when the activation has never seen one. Orleans
    /// can run a second activation of a grain while silos join; one that read "no row" before the first stored it
    /// would otherwise answer from that empty state for as long as it lives (and drop the first one's reminders).
    /// Only before a call changes anything: the row read replaces the state. Every reminder passes here.
    /// </summary>
    /// <remarks>A battle id that does not exist costs a row read per view instead of one per activation.</remarks>
    protected async Task ReloadIfNeverStoredAsync()
    {
        if (state.RecordExists || !ReferenceEquals(state.State, _committed))
        {
            return;
        }

        await state.ReadStateAsync();
        _committed = _stored = state.State;
    }

    /// <summary>
    /// Rebuilds, from their own records, the changes <see cref="MustStore"/> let go unstored that a crash of the
    /// last activation may have lost. Returns <paramref name="stored"/> itself when there is nothing to rebuild.
    /// </summary>
    protected virtual Task<TState> RecoverAsync(TState stored) => Task.FromResult(stored);

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A change MustStore let go unstored is kept when the activation is collected; only a crash loses it.
        if (_committed is { } committed && !Equals(committed, _stored))
        {
            try
            {
                await state.WriteStateAsync(cancellationToken);
                _stored = committed;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Storing the unstored change of {StreamType} {Key} at deactivation failed", streamType, Key);
            }
        }
    }

    /// <summary>
    /// Whether a committed change has to be written now. A grain says no for a change that a crash may lose
    /// because the protocol around it rebuilds it (the player's queue entry: the queue holds the ticket).
    /// </summary>
    protected virtual bool MustStore(TState stored, TState current) => true;

    async Task IIncomingGrainCallFilter.Invoke(IIncomingGrainCallContext context)
    {
        // An [AlwaysInterleave] method runs between other calls' awaits, so it must not commit or roll
        // back their turns: such a method changes no state and only calls grains (e.g. its own turns).
        if (context.InterfaceMethod is { } method && Interleaving.GetOrAdd(method, m => m.IsDefined(typeof(AlwaysInterleaveAttribute))))
        {
            await context.Invoke();
            return;
        }

        try
        {
            await context.Invoke();
            await CommitAsync();
        }
        catch
        {
            // Nothing of a failed call survives in memory either: the next call sees the stored state.
            state.State = _committed ?? state.State;
            _events.Clear();
            _reminders.Clear();
            _afterCommit.Clear();
            throw;
        }
    }

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        // A stale second activation must not clear a reminder that the first one's stored state still needs: it
        // reads the row again and handles the reminder as a fresh activation would.
        await ReloadIfNeverStoredAsync();
        // Cleared after the handler (in the commit) unless the handler set it again.
        _reminders.TryAdd(reminderName, null);
        await OnReminder(reminderName);
    }

    /// <summary>
    /// The reminder is the durable promise; this in-memory timer keeps the promise on time while the
    /// activation lives (reminder ticks are coarse). It enters as a call of its own, so its effects are
    /// committed like any other call's; a tick that finds nothing due does nothing.
    /// </summary>
    private void StartTimer(string name, TimeSpan delay)
    {
        StopTimer(name);
        var self = this.AsReference<IRemindable>();
        _timers[name] = this.RegisterGrainTimer(() =>
        {
            _timers.Remove(name);
            _ = self.ReceiveReminder(name, default);
            return Task.CompletedTask;
        }, delay, Timeout.InfiniteTimeSpan);
    }

    private void StopTimer(string name)
    {
        if (_timers.Remove(name, out var timer))
        {
            timer.Dispose();
        }
    }

    /// <summary>Stores the state and performs the effects registered so far (see the class summary).</summary>
    protected async Task CommitAsync()
    {
        // Most calls that change nothing are reads: no allocation, no write.
        if (_reminders.Count == 0 && _events.Count == 0 && _afterCommit.Count == 0 && ReferenceEquals(state.State, _committed))
        {
            return;
        }

        foreach (var (name, due) in _reminders)
        {
            if (due is { } at)
            {
                var delay = at - Now;
                delay = delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
                _handles[name] = await this.RegisterOrUpdateReminder(name, delay, ReminderPeriod);
                StartTimer(name, delay);
            }
        }

        var events = _events.ToArray();
        _events.Clear();
        var firstSeq = state.State.EventSeq + 1;
        if (events.Length > 0)
        {
            state.State = (TState)(state.State with { EventSeq = state.State.EventSeq + events.Length });
        }

        // The numbers are part of the state, so whether to store them is MustStore's call too.
        if (!Equals(state.State, _committed) && MustStore(_stored!, state.State))
        {
            await state.WriteStateAsync();
            _stored = state.State;
        }

        _committed = state.State;

        var cleared = _reminders.Where(r => r.Value is null).Select(r => r.Key).ToArray();
        _reminders.Clear();
        foreach (var name in cleared)
        {
            StopTimer(name);
            // The handle from registering saves a lookup; after a reactivation it has to be looked up.
            if ((_handles.Remove(name, out var known) ? known : await this.GetReminder(name)) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }

        var stream = $"{streamType}/{Key}";
        for (var i = 0; i < events.Length; i++)
        {
            try
            {
                await services.Events.PublishAsync(stream, firstSeq + i, events[i].Type, events[i].Data);
            }
            catch (Exception e)
            {
                // The state is stored; a subscriber that misses this event sees a gap and re-reads the grain.
                logger.LogWarning(e, "Publishing {Type} on {Stream} failed", events[i].Type, stream);
            }
        }

        var actions = _afterCommit.ToArray();
        _afterCommit.Clear();
        foreach (var action in actions)
        {
            await action();
        }
    }
}
