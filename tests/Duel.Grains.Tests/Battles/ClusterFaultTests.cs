using Duel.Grains.Battles;
using Duel.Grains.Players;
using Duel.Grains.Tests.Players;
using Duel.Testing;

namespace Duel.Grains.Tests.Battles;

/// <summary>
/// The finishing protocol under faults, each on a 3-silo cluster of its own: a silo killed abruptly while
/// battles finish, and the whole cluster restarted. The grains' state and reminders live in PostgreSQL.
/// </summary>
public sealed class ClusterFaultTests
{
    [Fact]
    public async Task A_silo_killed_mid_finish_leaves_every_battle_decided_once_and_both_ratings_changed_once()
    {
        await using var cluster = await TestCluster.StartAsync(silos: 3);
        var battles = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => Duelists.BattleAsync(cluster)));

        // Forfeits enter through silos 0 and 2 while silo 1, which holds about a third of the grains, dies.
        var forfeits = battles.Select((b, i) => Forfeit(cluster.Grains(i % 2 == 0 ? 0 : 2), b.Battle, b.A)).ToArray();
        await cluster.KillSiloAsync(1);
        await Task.WhenAll(forfeits);

        // A player whose call was lost presses Forfeit again (or it had finished: then it is refused, not repeated).
        foreach (var (battle, a, _) in battles)
        {
            var view = await Duelists.EventuallyAsync(() => cluster.Grains(0).GetGrain<IBattleGrain>(battle).GetView(), v => v.Phase != BattlePhase.Active, 5);
            if (view.Phase == BattlePhase.Active)
            {
                await cluster.Grains(1).GetGrain<IBattleGrain>(battle).Forfeit(a);
            }
        }

        foreach (var (battle, a, b) in battles)
        {
            var winner = await Duelists.EventuallyAsync(() => cluster.Grains(0).GetGrain<IPlayerGrain>(b).GetProfile(), p => p.Wins == 1, 60);
            var loser = await Duelists.EventuallyAsync(() => cluster.Grains(1).GetGrain<IPlayerGrain>(a).GetProfile(), p => p.Losses == 1, 60);
            var view = await cluster.Grains(0).GetGrain<IBattleGrain>(battle).GetView();

            Assert.Equal((BattleOutcome.Forfeited, b), (view.Result!.Outcome, view.Result.WinnerId));
            Assert.Equal((1, 0, ActivityKind.Idle), (winner.Wins, winner.Losses, winner.Activity.Kind));
            Assert.Equal((0, 1, ActivityKind.Idle), (loser.Wins, loser.Losses, loser.Activity.Kind));
            Assert.Equal(view.Result.Ratings.Single(r => r.PlayerId == b).RatingAfter, winner.Rating);
            Assert.Equal(view.Result.Ratings.Single(r => r.PlayerId == a).RatingAfter, loser.Rating);
            Assert.True(winner.Rating > 1500 && loser.Rating < 1500, $"{winner.Rating} / {loser.Rating}");
            Assert.Equal(1, await Verdicts.CountAsync(cluster, "select count(*) from battles where id = $1", battle));
        }
    }

    [Fact]
    public async Task State_survives_restarting_the_whole_cluster()
    {
        await using var cluster = await TestCluster.StartAsync(silos: 3);
        var (battle, a, b) = await Duelists.BattleAsync(cluster);
        var submitted = await cluster.Grains(2).GetGrain<IBattleGrain>(battle).Submit(a, "def is_palindrome(s):\n    return s == s[::-1]\n");
        Assert.Equal(BattleCommandStatus.Ok, submitted.Status);

        await cluster.RestartAsync();

        var view = await cluster.Grains(1).GetGrain<IBattleGrain>(battle).GetView();
        Assert.Equal(BattlePhase.Active, view.Phase);
        Assert.Equal([a, b], view.Players.Select(p => p.Id));
        Assert.Equal(submitted.SubmissionId, Assert.Single(view.Submissions).Id);
        var profile = await cluster.Grains(0).GetGrain<IPlayerGrain>(a).GetProfile();
        Assert.Equal((true, ActivityKind.InBattle, battle), (profile.Exists, profile.Activity.Kind, profile.Activity.BattleId));

        // The battle still runs after the restart: a forfeit decides it and reaches both players.
        Assert.Equal(BattleCommandStatus.Ok, (await cluster.Grains(0).GetGrain<IBattleGrain>(battle).Forfeit(b)).Status);
        Assert.Equal(1, (await cluster.Grains(2).GetGrain<IPlayerGrain>(a).GetProfile()).Wins);
    }

    /// <summary>A forfeit whose call dies with the silo is not an error here; the test looks at the outcome.</summary>
    private static async Task Forfeit(IGrainFactory grains, string battle, string player)
    {
        try
        {
            await grains.GetGrain<IBattleGrain>(battle).Forfeit(player);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
        }
    }
}
