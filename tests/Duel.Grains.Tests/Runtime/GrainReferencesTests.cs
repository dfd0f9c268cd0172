using Duel.Grains.Battles;
using Duel.Grains.Invites;
using Duel.Grains.Matchmaking;
using Duel.Grains.Players;
using Duel.Grains.Runtime;
using Duel.Grains.Tests.Battles;
using Duel.Grains.Tests.Players;

namespace Duel.Grains.Tests.Runtime;

/// <summary>
/// The references made from cached names are the ones Orleans makes, for every interface (a cache shared by
/// two of them would hand out a reference to the wrong grain type), and calls through them reach that grain.
/// </summary>
public sealed class GrainReferencesTests(BattleFixture fixture) : IClassFixture<BattleFixture>
{
    [Fact]
    public void Each_accessor_makes_the_reference_GetGrain_makes_on_its_first_call_and_after()
    {
        var grains = fixture.Cluster.Grains(0);
        for (var round = 0; round < 2; round++)
        {
            var key = Duelists.NewId("k");
            Same(grains.GetGrain<IBattleGrain>(key), grains.Battle(key));
            Same(grains.GetGrain<IPlayerGrain>(key), grains.Player(key));
            Same(grains.GetGrain<IPlayerNameGrain>(key), grains.PlayerName(key));
            Same(grains.GetGrain<IMatchmakerGrain>(key), grains.Matchmaker(key));
            Same(grains.GetGrain<IInviteGrain>(key), grains.Invite(key));
        }
    }

    [Fact]
    public async Task Calls_through_the_accessors_reach_the_grains_that_GetGrain_reaches()
    {
        var cluster = fixture.Cluster;
        var (battle, a, b) = await Duelists.BattleAsync(cluster);

        for (var silo = 0; silo < cluster.Silos.Count; silo++)
        {
            var view = await cluster.Grains(silo).Battle(battle).GetView();
            Assert.Equal((true, BattlePhase.Active), (view.Exists, view.Phase));
            Assert.Equal([a, b], view.Players.Select(p => p.Id));
            Assert.Equal(ActivityKind.InBattle, (await cluster.Grains(silo).Player(a).GetProfile()).Activity.Kind);
        }

        var stranger = Duelists.NewId();
        Assert.Equal(RegisterStatus.Created, (await cluster.Grains(1).Player(stranger).Register("n" + stranger[2..])).Status);
        Assert.True((await cluster.Grains(2).GetGrain<IPlayerGrain>(stranger).GetProfile()).Exists);
        Assert.Equal(stranger, await cluster.Grains(0).PlayerName(PlayerNames.Key("n" + stranger[2..])).GetOwner());
    }

    private static void Same<TGrain>(TGrain expected, TGrain actual) where TGrain : IGrainWithStringKey
    {
        var (e, a) = ((GrainReference)(object)expected, (GrainReference)(object)actual);
        Assert.Equal(e.GrainId, a.GrainId);
        Assert.Equal(e.InterfaceType, a.InterfaceType);
        Assert.IsAssignableFrom<TGrain>(actual);
    }
}
