using System.Text.Json;

namespace Duel.Silo;

/// <summary>A job a worker has finished (<c>status = 'done'</c>), handed to the queue's result handler.</summary>
public sealed record CompletedJob(string Id, string Queue, string GrainType, string GrainKey, JsonElement Payload, JsonElement Result);
