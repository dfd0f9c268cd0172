using Duel.Testing;

namespace Duel.Grains.Tests.Matchmaking;

/// <summary>Three silos; windows never widen (a one-hour step), so only ratings decide compatibility.</summary>
public sealed class MatchmakingFixture : TestClusterFixture
{
    protected override int SiloCount => 3;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Duel:Matchmaking:StepInterval"] = "01:00:00",
    };
}
