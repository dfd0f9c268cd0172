namespace Duel.Silo.Runtime;

/// <summary>Which turn the current async flow belongs to and which grain's method it is running (null: the turn's caller).</summary>
internal sealed record CallFrame(Turn Turn, Activation? Caller);
