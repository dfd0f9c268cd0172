using System.Text.Json.Serialization;

namespace Duel.Grains.Catalogue;

/// <summary>
/// The payload of a job on the <c>judge</c> queue (snake_case JSON, see the team brief). Property
/// names are pinned with attributes so that any serializer options produce the same wire format.
/// </summary>
public sealed record JudgeRequest(
    [property: JsonPropertyName("challenge")] string Challenge,
    [property: JsonPropertyName("function")] string Function,
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("mode")] JudgeMode Mode,
    [property: JsonPropertyName("time_limit_ms")] int TimeLimitMs,
    [property: JsonPropertyName("float_tolerance")] double? FloatTolerance,
    [property: JsonPropertyName("tests")] IReadOnlyList<JudgeTestCase> Tests)
{
    public const string Queue = "judge";
}
