using System.Text.Json;
using System.Text.Json.Serialization;

namespace Duel.Sandbox.Worker.Contracts;

/// <summary>The snake_case JSON shape shared with the silo and the web front.</summary>
public static class JudgeJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };
}
