using System.Text.Json;
using System.Text.Json.Serialization;

namespace Duel.Grains.Catalogue;

/// <summary>A test as the sandbox worker receives it; hidden ones are reported back without details.</summary>
public sealed record JudgeTestCase(
    [property: JsonPropertyName("args")] IReadOnlyList<JsonElement> Args,
    [property: JsonPropertyName("expected")] JsonElement Expected,
    [property: JsonPropertyName("hidden")] bool Hidden);
