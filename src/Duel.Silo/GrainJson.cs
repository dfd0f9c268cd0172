using System.Text.Json;
using System.Text.Json.Serialization;

namespace Duel.Silo;

/// <summary>How nodes serialise event data (camelCase) and job payloads (snake_case).</summary>
public static class GrainJson
{
    /// <summary>Event data: web defaults (camelCase), enums as strings.</summary>
    public static readonly JsonSerializerOptions State = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Job payloads, as the worker reads them: snake_case, enums as snake_case strings.</summary>
    public static readonly JsonSerializerOptions Jobs = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
