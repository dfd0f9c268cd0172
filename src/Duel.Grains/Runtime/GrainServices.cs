namespace Duel.Grains.Runtime;

/// <summary>What every duel grain uses besides its state: the clock, events, jobs and read models.</summary>
public sealed record GrainServices(TimeProvider Time, IEventBus Events, IJobQueue Jobs, IReadModels ReadModels);
