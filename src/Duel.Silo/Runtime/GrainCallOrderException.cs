namespace Duel.Silo.Runtime;

/// <summary>
/// A grain called a grain of a lower level (or a writing method from a read-only one). Thrown before any
/// lock is requested: it is a bug in the caller, never a runtime condition.
/// </summary>
public sealed class GrainCallOrderException(string message) : InvalidOperationException(message);
