using Duel.Testing;

namespace Duel.Grains.Tests.Invites;

/// <summary>Invites that expire after two seconds.</summary>
public sealed class InviteFixture : TestClusterFixture
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);

    protected override int SiloCount => 2;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Duel:Invites:Lifetime"] = Lifetime.ToString("c"),
    };
}
