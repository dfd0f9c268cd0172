namespace Duel.Grains.Matchmaking;

/// <summary>Read-model fact: how many tickets wait in a queue (the lobby's and operators' <c>queue_waiting</c>).</summary>
public sealed record QueueChanged(string Queue, int Waiting);
