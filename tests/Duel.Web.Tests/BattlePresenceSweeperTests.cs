using Duel.Grains.Battles;
using Duel.Web.Realtime;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Duel.Web.Tests;

/// <summary>
/// Connections held by a node that died without closing them (no heartbeat row, or a stale one)
/// are swept and their players reported disconnected; a player still held by a live node is not.
/// </summary>
public sealed class BattlePresenceSweeperTests(DuelWebFactory factory) : IClassFixture<DuelWebFactory>
{
    private async Task<string> MatchAsync(string a, string b)
    {
        var alice = WebClient.Create(factory);
        await alice.RegisterAsync(a);
        var bob = WebClient.Create(factory);
        await bob.RegisterAsync(b);
        return await WebClient.MatchAsync(alice, bob);
    }

    private async Task ExecuteAsync(string sql, object? args = null)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await Dapper.SqlMapper.ExecuteAsync(connection, sql, args);
    }

    private async Task<long> CountAsync(string node)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "select count(*) from battle_connections where node = @node", new { node });
    }

    private async Task<BattlePlayerView> PlayerAsync(string battleId, int index) =>
        (await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IBattleGrain>(battleId).GetView()).Players[index];

    private Task AddAsync(string battleId, BattlePlayerView player, string node) => ExecuteAsync(
        "insert into battle_connections (battle_id, player_id, node) values (@battleId, @player, @node)",
        new { battleId, player = player.Id, node });

    [Fact]
    public async Task Players_of_a_dead_node_are_reported_disconnected_but_one_a_live_node_holds_is_not()
    {
        var first = await MatchAsync("sw-alice", "sw-bob");
        var second = await MatchAsync("sw-carol", "sw-dave");
        var (alice, bob, carol, dave) = (await PlayerAsync(first, 0), await PlayerAsync(first, 1), await PlayerAsync(second, 0), await PlayerAsync(second, 1));
        Assert.All([alice, bob, carol, dave], p => Assert.True(p.Connected));
        await ExecuteAsync(
            """
            insert into cluster_members (id, role, started_at, heartbeat_at) values
                ('sw-live', 'web', now(), now() + interval '1 hour'),
                ('sw-stale', 'web', now() - interval '2 hours', now() - interval '1 hour')
            """);
        await AddAsync(first, alice, "sw-gone");   // no membership row at all
        await AddAsync(first, bob, "sw-stale");
        await AddAsync(first, bob, "sw-live");     // bob still has a tab on a live node
        await AddAsync(second, carol, "sw-stale");
        await AddAsync(second, dave, "sw-live");

        await factory.Services.GetRequiredService<BattlePresenceSweeper>().SweepOnceAsync();

        foreach (var (battle, index) in new[] { (first, 0), (second, 0) })
        {
            var gone = await PlayerAsync(battle, index);
            Assert.False(gone.Connected);
            Assert.NotNull(gone.GraceDeadline);
            Assert.True(gone.GraceDeadline > DateTimeOffset.UtcNow);
        }
        Assert.True((await PlayerAsync(first, 1)).Connected);
        Assert.True((await PlayerAsync(second, 1)).Connected);
        Assert.Equal(0, await CountAsync("sw-gone"));
        Assert.Equal(0, await CountAsync("sw-stale"));
        Assert.Equal(2, await CountAsync("sw-live"));
        // A second sweep finds nothing more to do.
        Assert.Equal(0, await factory.Services.GetRequiredService<BattlePresenceSweeper>().SweepOnceAsync());
    }

    [Fact]
    public async Task Leaving_reports_the_last_connection_only_when_no_live_node_holds_another()
    {
        var battle = await MatchAsync("lv-alice", "lv-bob");
        var alice = await PlayerAsync(battle, 0);
        var store = factory.Services.GetRequiredService<BattlePresenceStore>();
        await ExecuteAsync("insert into cluster_members (id, role, started_at, heartbeat_at) values ('lv-live', 'web', now(), now() + interval '1 hour')");
        await store.AddAsync(battle, alice.Id);
        await AddAsync(battle, alice, "lv-live");
        Assert.False(await store.RemoveAsync(battle, alice.Id));
        Assert.Equal(0, await CountAsync(store.Node));
        await ExecuteAsync("delete from battle_connections where node = 'lv-live'");
        await store.AddAsync(battle, alice.Id);
        Assert.True(await store.RemoveAsync(battle, alice.Id));
    }
}
