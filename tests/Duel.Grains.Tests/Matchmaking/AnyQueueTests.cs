using Duel.Grains.Battles;
using Duel.Grains.Matchmaking;
using Duel.Grains.Tests.Battles;
using Duel.Grains.Tests.Players;

namespace Duel.Grains.Tests.Matchmaking;

public sealed class AnyQueueTests(SmallCatalogueFixture fixture) : IClassFixture<SmallCatalogueFixture>
{
    [Fact]
    public async Task The_any_queue_picks_a_challenge_neither_player_has_solved()
    {
        var cluster = fixture.Cluster;
        var (battle, solver, _) = await Duelists.BattleAsync(cluster, "palindrome");
        var grain = cluster.Grains(0).GetGrain<IBattleGrain>(battle);
        await grain.Submit(solver, "def is_palindrome(s): return True");
        await grain.ApplyVerdict(await Verdicts.LastJobAsync(cluster, battle), Verdicts.Passed(13));
        Assert.Equal(new[] { "palindrome" }, (await Duelists.ProfileAsync(cluster, solver)).Solved);

        var any = cluster.Grains(1).GetGrain<IMatchmakerGrain>(ChallengePicker.AnyQueue);
        for (var round = 0; round < 6; round++)
        {
            var opponent = (await Duelists.RegisterAsync(cluster, 1))[0];
            Assert.Equal(JoinStatus.Queued, (await any.Join(round % 2 == 0 ? solver : opponent)).Status);
            var matched = await any.Join(round % 2 == 0 ? opponent : solver);

            Assert.Equal(JoinStatus.Matched, matched.Status);
            var view = await Duelists.ViewAsync(cluster, matched.BattleId!);
            Assert.Equal("mirror", view.Challenge);
            await cluster.Grains(round % 2).GetGrain<IBattleGrain>(matched.BattleId!).Forfeit(opponent);
        }
    }
}
