using System.Text.Json;

namespace Duel.Web.Realtime;

public static class JsonOptions
{
    /// <summary>camelCase, case-insensitive, enums as strings or numbers: what the runtime writes.</summary>
    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}
