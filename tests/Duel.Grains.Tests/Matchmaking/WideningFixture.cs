using Duel.Testing;

namespace Duel.Grains.Tests.Matchmaking;

/// <summary>Two silos; windows widen by 50 every 300 ms, so a wide gap closes within a second or two.</summary>
public sealed class WideningFixture : TestClusterFixture
{
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(300);

    protected override int SiloCount => 2;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Duel:Matchmaking:StepInterval"] = Step.ToString("c"),
        ["Duel:ReminderPollInterval"] = "00:00:00.050",
    };
}
