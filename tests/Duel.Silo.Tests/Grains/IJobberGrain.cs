using Duel.Grains.Runtime;

namespace Duel.Silo.Tests.Grains;

/// <summary>Enqueues a job and takes its result back through a job-result handler.</summary>
[GrainType("jobber", 2)]
public interface IJobberGrain : IGrain
{
    Task<string> Submit(string code);

    Task ApplyResult(string jobId, string status);

    [ReadOnly]
    Task<string?> Result();
}

public sealed class JobberState
{
    public string? Result { get; set; }
}

public sealed record TestJobRequest(string Code, int TimeLimitMs);

public sealed class JobberGrain(IGrainContext context, IPersistentState<JobberState> state) : IJobberGrain
{
    public Task<string> Submit(string code) => Task.FromResult(context.EnqueueJob("test-q", new TestJobRequest(code, 1000)));

    public Task ApplyResult(string jobId, string status)
    {
        TestSignals.Count($"applied:{jobId}");
        state.State.Result = status;
        return Task.CompletedTask;
    }

    public Task<string?> Result() => Task.FromResult(state.State.Result);
}
