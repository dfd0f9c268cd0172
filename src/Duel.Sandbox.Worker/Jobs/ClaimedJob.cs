namespace Duel.Sandbox.Worker.Jobs;

/// <summary>A job this worker holds the lease of.</summary>
internal sealed record ClaimedJob(string Id, string Payload, int Attempts);
