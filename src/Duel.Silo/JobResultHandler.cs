namespace Duel.Silo;

/// <summary>Applies finished jobs of one queue; registered with <c>services.AddJobResultHandler(queue, handler)</c>.</summary>
public sealed record JobResultHandler(string Queue, Func<Duel.Grains.Runtime.IGrainFactory, CompletedJob, Task> Handle);
