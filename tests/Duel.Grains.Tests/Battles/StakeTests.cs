using Duel.Grains.Battles;
using Duel.Grains.Matchmaking;
using Duel.Grains.Players;
using Duel.Grains.Rating;
using Duel.Grains.Tests.Players;

namespace Duel.Grains.Tests.Battles;

/// <summary>The stake shown before and during a rated battle is the change its result then applies.</summary>
public sealed class StakeTests(BattleFixture fixture) : IClassFixture<BattleFixture>
{
    [Fact]
    public async Task The_stake_shown_at_the_start_is_the_change_applied_at_the_finish()
    {
        var cluster = fixture.Cluster;
        // Unequal players, so win and loss differ in size: the winner of a first battle meets a newcomer.
        var (first, a, b) = await Duelists.BattleAsync(cluster);
        await cluster.Grains(0).GetGrain<IBattleGrain>(first).Forfeit(b);
        var c = (await Duelists.RegisterAsync(cluster, 1))[0];
        var battle = MatchmakerGrain.BattleId();
        Assert.Equal(BattleCommandStatus.Ok, (await cluster.Grains(1).GetGrain<IBattleGrain>(battle)
            .Start(new BattleStart("palindrome", a, c, null, null))).Status);

        var before = await cluster.Grains(2).GetGrain<IBattleGrain>(battle).GetView();
        var stakeA = before.Players.Single(p => p.Id == a).Stake!;
        var stakeC = before.Players.Single(p => p.Id == c).Stake!;
        Assert.True(stakeA.Win > 0 && stakeA.Loss < 0 && stakeC.Win > stakeA.Win, $"{stakeA} / {stakeC}");

        await cluster.Grains(0).GetGrain<IBattleGrain>(battle).Forfeit(a);
        var result = (await cluster.Grains(1).GetGrain<IBattleGrain>(battle).GetView()).Result!;
        Assert.Equal(stakeC.Win, Shown(result.Ratings.Single(r => r.PlayerId == c)));
        Assert.Equal(stakeA.Loss, Shown(result.Ratings.Single(r => r.PlayerId == a)));
        Assert.Equal(Math.Round(result.Ratings.Single(r => r.PlayerId == c).RatingAfter),
            Math.Round((await cluster.Grains(2).GetGrain<IPlayerGrain>(c).GetProfile()).Rating));
    }

    [Fact]
    public void Equal_newcomers_risk_as_much_as_they_can_win_and_a_draw_changes_nothing()
    {
        var stake = Stake.For(GlickoRating.Initial, GlickoRating.Initial);

        Assert.Equal(-stake.Win, stake.Loss);
        Assert.Equal(0, stake.Draw);
        Assert.InRange(stake.Win, 100, 250);
    }

    /// <summary>The change as the result dialog shows it.</summary>
    private static int Shown(RatingChange change) => (int)(Math.Round(change.RatingAfter) - Math.Round(change.RatingBefore));
}
