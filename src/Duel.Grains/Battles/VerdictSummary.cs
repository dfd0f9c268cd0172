using System.Collections.Immutable;

namespace Duel.Grains.Battles;

/// <summary>A sandbox verdict reduced to what the battle keeps and players may see.</summary>
public sealed record VerdictSummary(
    string Status,
    int Passed,
    int Total,
    string? Message,
    int? ElapsedMs,
    ImmutableList<TestSummary> Tests)
{
    /// <summary>Every test ran and passed. Only this ends a battle by solving.</summary>
    public bool PassedAll => Status == "passed" && Total > 0 && Passed == Total;
}
