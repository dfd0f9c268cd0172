using Duel.Grains.Players;

namespace Duel.Grains.Tests.Players;

public sealed class PlayerTests(PlayerFixture fixture) : IClassFixture<PlayerFixture>
{
    [Fact]
    public async Task Registering_creates_a_1500_player_and_its_players_row()
    {
        var cluster = fixture.Cluster;
        var id = Duelists.NewId();
        var name = "Reg" + id[2..10];

        var created = await cluster.Grains(0).GetGrain<IPlayerGrain>(id).Register($"  {name} ");
        var again = await cluster.Grains(1).GetGrain<IPlayerGrain>(id).Register("SomethingElse");

        Assert.Equal(RegisterStatus.Created, created.Status);
        Assert.Equal((name, 1500.0, 350.0, 0.06), (created.Profile!.Name, created.Profile.Rating, created.Profile.Deviation, created.Profile.Volatility));
        Assert.Equal(PlayerActivity.Idle, created.Profile.Activity);
        Assert.Equal((RegisterStatus.Existing, name), (again.Status, again.Profile!.Name));
        Assert.Equal(1, await Battles.Verdicts.CountAsync(cluster,
            "select count(*) from players where id = $1 and name = $2 and rating = 1500 and wins = 0", id, name));
    }

    [Fact]
    public async Task Two_players_racing_for_one_name_in_different_case_get_one_winner_and_a_clear_refusal()
    {
        var cluster = fixture.Cluster;
        var name = "Race" + Duelists.NewId()[2..10];
        var ids = new[] { Duelists.NewId(), Duelists.NewId() };

        var results = await Task.WhenAll(
            Task.Run(() => cluster.Grains(0).GetGrain<IPlayerGrain>(ids[0]).Register(name.ToUpperInvariant())),
            Task.Run(() => cluster.Grains(1).GetGrain<IPlayerGrain>(ids[1]).Register(name.ToLowerInvariant())));

        Assert.Single(results, r => r.Status == RegisterStatus.Created);
        var refused = Assert.Single(results, r => r.Status == RegisterStatus.NameTaken);
        Assert.Null(refused.Profile);
        Assert.Contains("taken", refused.Message);
        Assert.Equal(1, await Battles.Verdicts.CountAsync(cluster, "select count(*) from players where lower(name) = lower($1)", name));
        var loser = ids[Array.IndexOf(results, refused)];
        Assert.False((await cluster.Grains(0).GetGrain<IPlayerGrain>(loser).GetProfile()).Exists);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ab")]
    [InlineData("has space")]
    [InlineData("<script>")]
    public async Task An_invalid_name_is_refused_and_writes_nothing(string name)
    {
        var id = Duelists.NewId();

        var result = await fixture.Cluster.Grains(0).GetGrain<IPlayerGrain>(id).Register(name);

        Assert.Equal((RegisterStatus.InvalidName, PlayerNames.Rule), (result.Status, result.Message));
        Assert.Equal(0, await Battles.Verdicts.CountAsync(fixture.Cluster, "select count(*) from orleans_grain_state where grain_id_ext = $1 and payload is not null", id));
    }

    [Fact]
    public async Task Entering_a_queue_is_written_only_when_the_activation_is_collected_and_leaving_it_then_at_once()
    {
        var cluster = fixture.Cluster;
        var id = (await Duelists.RegisterAsync(cluster, 1))[0];
        var player = cluster.Grains(0).GetGrain<IPlayerGrain>(id);
        var registered = await Battles.Verdicts.VersionAsync(cluster, "player", id);

        Assert.True((await player.EnterQueue("anagrams")).Succeeded);
        Assert.Equal(PlayerActivity.InQueue("anagrams"), (await player.GetProfile()).Activity);
        Assert.Equal(registered, await Battles.Verdicts.VersionAsync(cluster, "player", id));

        // Collected: the entry is stored on the way out, and the next activation reads it back.
        await cluster.Grains(0).GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(registered + 1, await Battles.Verdicts.VersionAsync(cluster, "player", id));
        Assert.Equal(PlayerActivity.InQueue("anagrams"), (await player.GetProfile()).Activity);

        // A stored entry is left with a write, so no later activation finds the player queued.
        Assert.True((await player.LeaveQueue("anagrams")).Succeeded);
        Assert.Equal(registered + 2, await Battles.Verdicts.VersionAsync(cluster, "player", id));
        Assert.True((await player.EnterQueue("palindrome")).Succeeded);
        Assert.True((await player.LeaveQueue("palindrome")).Succeeded);
        Assert.Equal(registered + 2, await Battles.Verdicts.VersionAsync(cluster, "player", id));
    }
}
