using System.Text.Json;
using System.Text.Json.Serialization;

namespace Duel.Grains.Catalogue;

/// <summary>One call of the challenge's function: positional arguments and the expected return value.</summary>
public sealed record ChallengeTest(
    [property: JsonPropertyName("args")] IReadOnlyList<JsonElement> Args,
    [property: JsonPropertyName("expected")] JsonElement Expected);
