using Duel.Grains.Matchmaking;
using Duel.Web.Lobby;
using Dapper;
using Duel.Web.Accounts;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;

namespace Duel.Web.Tests;

/// <summary>
/// A queued player whom no node holds a connection for is taken out of the queue once the ticket is
/// older than the absence limit; a player with a connection, or a fresh ticket, stays queued.
/// </summary>
public sealed class QueueSweeperTests(DuelWebFactory factory) : IClassFixture<DuelWebFactory>
{
    private static readonly TimeSpan Absence = TimeSpan.FromMilliseconds(300);

    private async Task<string> QueueAsync(string name, string queue)
    {
        var client = WebClient.Create(factory);
        await client.RegisterAsync(name);
        var queued = await client.PostAsync($"/?handler=Find&queue={queue}");
        Assert.Equal($"/queue/{queue}", queued.Headers.GetValues("HX-Redirect").Single());
        return (await factory.Services.GetRequiredService<AccountStore>().FindByNameAsync(name, CancellationToken.None))!.PlayerId;
    }

    /// <summary>Another node's row (this node's own refresh would drop a row it holds no connection for).</summary>
    private async Task SeenElsewhereAsync(string playerId)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync(
            """
            insert into presence (player_id, node, last_seen) values (@playerId, 'qs-other', now())
            on conflict (player_id) do update set node = excluded.node, last_seen = excluded.last_seen
            """, new { playerId });
    }

    private Task<QueueStatus> StatusAsync(string queue, string playerId) =>
        factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IMatchmakerGrain>(queue).Status(playerId);

    [Fact]
    public async Task An_absent_player_leaves_the_queue_and_a_connected_one_stays()
    {
        // Two queues, so the two players do not simply pair with each other.
        var gone = await QueueAsync("qs-gone", "anagrams");
        var here = await QueueAsync("qs-here", "brackets");
        var sweeper = factory.Services.GetRequiredService<QueueSweeper>();

        Assert.DoesNotContain(gone, await sweeper.SweepOnceAsync(TimeSpan.FromMinutes(5)));
        Assert.True((await StatusAsync("anagrams", gone)).Queued);

        await Task.Delay(Absence * 2);
        await SeenElsewhereAsync(here);
        var dropped = await sweeper.SweepOnceAsync(Absence);

        Assert.Contains(gone, dropped);
        Assert.DoesNotContain(here, dropped);
        Assert.False((await StatusAsync("anagrams", gone)).Queued);
        Assert.True((await StatusAsync("brackets", here)).Queued);
        // The player is free again: a new join queues them instead of "queued elsewhere".
        var again = await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IMatchmakerGrain>("brackets").Join(gone);
        Assert.Equal(JoinStatus.Matched, again.Status);
    }
}
