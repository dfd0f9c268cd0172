using Duel.Grains.Runtime;

namespace Duel.Silo.Tests.Grains;

[GrainType("alarm", 2)]
public interface IAlarmGrain : IRemindable
{
    Task Arm(DateTimeOffset due);

    [ReadOnly]
    Task<AlarmState> Get();
}

public sealed class AlarmState
{
    public DateTimeOffset? Due { get; set; }

    public int Fired { get; set; }

    public DateTimeOffset? FiredAt { get; set; }
}

public sealed class AlarmGrain(IGrainContext context, IPersistentState<AlarmState> state) : IAlarmGrain
{
    public Task Arm(DateTimeOffset due)
    {
        state.State.Due = due;
        context.SetReminder("ring", due);
        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string name)
    {
        state.State.Fired++;
        state.State.FiredAt = context.Now;
        return Task.CompletedTask;
    }

    public Task<AlarmState> Get() => Task.FromResult(state.State);
}
