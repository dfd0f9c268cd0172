using System.Text.Json.Serialization;

namespace Duel.Grains.Catalogue;

/// <summary>Run checks the visible examples only; Submit checks examples and hidden tests.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JudgeMode>))]
public enum JudgeMode
{
    [JsonStringEnumMemberName("run")]
    Run,

    [JsonStringEnumMemberName("submit")]
    Submit,
}
