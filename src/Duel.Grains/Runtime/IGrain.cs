namespace Duel.Grains.Runtime;

/// <summary>
/// Marker for grain interfaces. Every method returns <see cref="Task"/> or <see cref="Task{T}"/>;
/// a call from outside a turn is one PostgreSQL transaction, a call from inside a turn joins it.
/// </summary>
public interface IGrain;

/// <summary>A grain that receives reminders set with <see cref="IGrainContext.SetReminder"/>.</summary>
public interface IRemindable : IGrain
{
    /// <summary>Fired at least once at or after the due time; must be idempotent.</summary>
    Task ReceiveReminder(string name);
}

/// <summary>
/// Names the grain type (stored in its state row) and its level. Calls flow from lower to higher
/// levels only (Matchmaker 1 → Battle 2 → Player 3), so row locks are always taken in one order.
/// </summary>
[AttributeUsage(AttributeTargets.Interface, Inherited = false)]
public sealed class GrainTypeAttribute(string name, int level) : Attribute
{
    public string Name { get; } = name;
    public int Level { get; } = level;
}

/// <summary>Marks a grain method that reads state only: it takes no lock and writes nothing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadOnlyAttribute : Attribute;
