using Duel.Grains.Battles;
using Duel.Grains.Invites;
using Duel.Grains.Players;
using Duel.Grains.Tests.Players;

namespace Duel.Grains.Tests.Invites;

public sealed class InviteTests(InviteFixture fixture) : IClassFixture<InviteFixture>
{
    [Fact]
    public async Task A_friend_accepts_once_into_a_casual_battle_that_changes_no_rating()
    {
        var cluster = fixture.Cluster;
        var (creator, friend, other) = await ThreeAsync();
        var code = Code();
        Assert.Equal(InviteStatus.Ok, (await cluster.Grains(0).GetGrain<IInviteGrain>(code).Create(creator, "palindrome", rated: false)).Status);

        var accepted = await cluster.Grains(1).GetGrain<IInviteGrain>(code).Accept(friend);
        Assert.Equal(InviteStatus.Ok, accepted.Status);
        Assert.Equal(accepted.BattleId, (await cluster.Grains(0).GetGrain<IInviteGrain>(code).Accept(friend)).BattleId);
        Assert.Equal(InviteStatus.Used, (await cluster.Grains(0).GetGrain<IInviteGrain>(code).Accept(other)).Status);
        Assert.Equal(InviteStatus.Used, (await cluster.Grains(1).GetGrain<IInviteGrain>(code).Cancel(creator)).Status);

        var battle = cluster.Grains(0).GetGrain<IBattleGrain>(accepted.BattleId!);
        var view = await battle.GetView();
        Assert.Equal((BattlePhase.Active, "palindrome", false), (view.Phase, view.Challenge, view.Rated));
        Assert.All(view.Players, p => Assert.Null(p.Stake));
        await battle.Forfeit(creator);
        var winner = await cluster.Grains(1).GetGrain<IPlayerGrain>(friend).GetProfile();
        Assert.Equal((1, 1500.0, ActivityKind.Idle), (winner.Wins, winner.Rating, winner.Activity.Kind));
    }

    [Fact]
    public async Task Its_creator_cannot_accept_others_cannot_cancel_and_a_cancelled_link_says_so()
    {
        var cluster = fixture.Cluster;
        var (creator, friend, _) = await ThreeAsync();
        var invite = cluster.Grains(0).GetGrain<IInviteGrain>(Code());
        await invite.Create(creator, null, rated: true);

        Assert.Equal(InviteStatus.OwnInvite, (await invite.Accept(creator)).Status);
        Assert.Equal(InviteStatus.NotCreator, (await invite.Cancel(friend)).Status);
        Assert.Equal(InviteStatus.Ok, (await invite.Cancel(creator)).Status);
        var refused = await invite.Accept(friend);
        Assert.Equal(InviteStatus.Cancelled, refused.Status);
        Assert.Null(refused.BattleId);
        Assert.Equal(ActivityKind.Idle, (await Duelists.ProfileAsync(cluster, friend)).Activity.Kind);
    }

    [Fact]
    public async Task An_expired_link_refuses_and_an_unknown_one_is_not_found()
    {
        var cluster = fixture.Cluster;
        var (creator, friend, _) = await ThreeAsync();
        var invite = cluster.Grains(1).GetGrain<IInviteGrain>(Code());
        await invite.Create(creator, "palindrome", rated: true);
        Assert.False((await invite.Get()).Expired);

        await Task.Delay(InviteFixture.Lifetime + TimeSpan.FromMilliseconds(300));

        Assert.True((await invite.Get()).Expired);
        Assert.Equal(InviteStatus.Expired, (await invite.Accept(friend)).Status);
        Assert.Equal(InviteStatus.NotFound, (await cluster.Grains(0).GetGrain<IInviteGrain>(Code()).Accept(friend)).Status);
        Assert.Equal(InviteStatus.UnknownChallenge, (await cluster.Grains(0).GetGrain<IInviteGrain>(Code()).Create(creator, "no-such", true)).Status);
    }

    private async Task<(string, string, string)> ThreeAsync()
    {
        var ids = await Duelists.RegisterAsync(fixture.Cluster, 3);
        return (ids[0], ids[1], ids[2]);
    }

    private static string Code() => Guid.NewGuid().ToString("N")[..10];
}
