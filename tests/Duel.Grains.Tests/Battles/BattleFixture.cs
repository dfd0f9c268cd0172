using Duel.Testing;

namespace Duel.Grains.Tests.Battles;

/// <summary>Three silos and a battle long enough that no deadline interferes.</summary>
public sealed class BattleFixture : TestClusterFixture
{
    protected override int SiloCount => 3;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Duel:Battle:Duration"] = "00:10:00",
        ["Duel:JobSweepInterval"] = "00:00:00.500",
    };
}
