using Duel.Testing;

namespace Duel.Grains.Tests.Battles;

/// <summary>Two silos and short timings for deadline, abandonment and judging-grace tests.</summary>
public sealed class TimedBattleFixture : TestClusterFixture
{
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(8);
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan RetireAfter = TimeSpan.FromSeconds(3);

    protected override int SiloCount => 2;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Duel:Battle:Duration"] = Duration.ToString("c"),
        ["Duel:Battle:DisconnectGrace"] = Grace.ToString("c"),
        ["Duel:Battle:JudgingGrace"] = "00:00:06",
        ["Duel:Battle:RematchWindow"] = "00:00:01",
        ["Duel:Battle:RetireAfter"] = RetireAfter.ToString("c"),
        ["Duel:ReminderPollInterval"] = "00:00:00.100",
    };
}
