using System.Text.Json;

namespace Duel.Grains.Runtime;

/// <summary>
/// An event published by a grain turn (after commit) or out of turn (ephemeral).
/// <paramref name="Stream"/> is <c>"{grainType}/{key}"</c>. <paramref name="Seq"/> is contiguous per stream
/// (1, 2, 3, …) for events published inside turns, so a subscriber can detect a missing one;
/// ephemeral events (see <see cref="IEventBus.PublishEphemeral"/>) carry Seq 0 and are not ordered.
/// </summary>
public sealed record GrainEvent(string Stream, long Seq, string Type, JsonElement Data);
