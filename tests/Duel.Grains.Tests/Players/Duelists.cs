using Duel.Grains.Battles;
using Duel.Grains.Players;
using Duel.Testing;

namespace Duel.Grains.Tests.Players;

/// <summary>Test helpers that create players and battles through the real grains.</summary>
internal static class Duelists
{
    public static string NewId(string prefix = "p") => $"{prefix}-{Guid.NewGuid():N}"[..14];

    /// <summary>Registers players through random silos; returns their ids.</summary>
    public static async Task<string[]> RegisterAsync(TestCluster cluster, int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => NewId()).ToArray();
        await Task.WhenAll(ids.Select(async id =>
        {
            var result = await Any(cluster).GetGrain<IPlayerGrain>(id).Register("n" + id[2..]);
            Assert.Equal(RegisterStatus.Created, result.Status);
        }));
        return ids;
    }

    /// <summary>Starts a battle of two fresh players directly (as a matchmaker would), through silo <paramref name="silo"/>.</summary>
    public static async Task<(string Battle, string A, string B)> BattleAsync(TestCluster cluster, string challenge = "palindrome", int silo = 0)
    {
        var players = await RegisterAsync(cluster, 2);
        var battle = NewId("b");
        var started = await cluster.Grains(silo).GetGrain<IBattleGrain>(battle)
            .Start(new BattleStart(challenge, players[0], players[1], null, null));
        Assert.Equal(BattleCommandStatus.Ok, started.Status);
        return (battle, players[0], players[1]);
    }

    public static IGrainFactory Any(TestCluster cluster) => cluster.Grains(Random.Shared.Next(cluster.Silos.Count));

    public static Task<PlayerProfile> ProfileAsync(TestCluster cluster, string player) =>
        Any(cluster).GetGrain<IPlayerGrain>(player).GetProfile();

    public static Task<BattleView> ViewAsync(TestCluster cluster, string battle) =>
        Any(cluster).GetGrain<IBattleGrain>(battle).GetView();

    /// <summary>Polls until <paramref name="condition"/> holds (reminders fire within about a second).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, double seconds = 20)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await probe();
            if (condition(value) || DateTime.UtcNow > until)
            {
                return value;
            }

            await Task.Delay(50);
        }
    }
}
