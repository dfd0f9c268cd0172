using System.Text.Json;

namespace Duel.Grains.Battles;

/// <summary>
/// One test of a verdict as players may see it. A hidden test carries only index, hidden and
/// status: its inputs, expected and actual values and output never leave the battle.
/// </summary>
[GenerateSerializer, Alias("duel.TestSummary")]
public sealed record TestSummary(
    int Index,
    bool Hidden,
    string Status,
    JsonElement? Args = null,
    JsonElement? Expected = null,
    JsonElement? Actual = null,
    string? Error = null,
    string? Stdout = null);
