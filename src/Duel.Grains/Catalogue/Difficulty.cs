using System.Text.Json.Serialization;

namespace Duel.Grains.Catalogue;

[JsonConverter(typeof(JsonStringEnumConverter<Difficulty>))]
public enum Difficulty
{
    [JsonStringEnumMemberName("easy")]
    Easy,

    [JsonStringEnumMemberName("medium")]
    Medium,

    [JsonStringEnumMemberName("hard")]
    Hard,
}
