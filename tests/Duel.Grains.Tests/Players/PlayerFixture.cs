using Duel.Testing;

namespace Duel.Grains.Tests.Players;

/// <summary>Two silos with the default options.</summary>
public sealed class PlayerFixture : TestClusterFixture
{
    protected override int SiloCount => 2;
}
