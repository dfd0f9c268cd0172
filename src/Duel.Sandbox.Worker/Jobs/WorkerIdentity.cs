namespace Duel.Sandbox.Worker.Jobs;

/// <summary>This process's name in lease_owner and cluster_members.</summary>
internal sealed class WorkerIdentity
{
    public string Id { get; } = $"worker-{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("n")[..6]}";
}
