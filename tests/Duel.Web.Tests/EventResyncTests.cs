using System.Threading.Channels;
using Duel.Testing;
using Duel.Web.Realtime;
using Microsoft.AspNetCore.SignalR.Client;

namespace Duel.Web.Tests;

/// <summary>
/// A web node whose Redis subscriptions were cut (Redis restarting) pushes every battle it shows again, as it
/// stands: an event published during the cut reached nobody, and a battle's last event leaves no gap to notice.
/// </summary>
public sealed class EventResyncTests(DuelWebFactory factory) : IClassFixture<DuelWebFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task After_the_nodes_subscriptions_are_cut_a_player_is_pushed_the_battle_at_its_current_seq()
    {
        var nodeName = $"resync-node-{Guid.NewGuid():N}";
        await using var node = factory.WithWebHostBuilder(b => b.UseSetting("Duel:Redis", $"{TestRedis.ConfigurationString},name={nodeName}"));
        var (alice, aliceCookies) = await TestHub.SignUpAsync(node, "rs-alice");
        var (bob, _) = await TestHub.SignUpAsync(node, "rs-bob");
        var battleId = await WebClient.MatchAsync(alice, bob);

        var pushes = Channel.CreateUnbounded<BattleUpdate>();
        await using var hub = TestHub.Build(node, aliceCookies);
        hub.On<BattleUpdate>("battle", u => pushes.Writer.TryWrite(u));
        await hub.StartAsync();
        // Nothing happens in the battle after this: the push below comes from the cut alone.
        var joined = await hub.InvokeAsync<JoinReply>("JoinBattle", battleId);
        Assert.True(joined.Seq > 0, "the battle's start is an event");

        Assert.True(await TestRedis.CutPubSubAsync(nodeName) > 0, "the node's pub/sub connection was found");

        var resync = await NextAsync(pushes, u => u.Type == EventBridge.ResyncEvent);
        Assert.Equal((battleId, joined.Seq), (resync.BattleId, resync.Seq));
        var panel = (await WebClient.ParseAsync(resync.Html)).GetElementById("battle-panel");
        Assert.Equal(joined.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), panel?.GetAttribute("data-seq"));
    }

    private static async Task<BattleUpdate> NextAsync(Channel<BattleUpdate> pushes, Func<BattleUpdate, bool> wanted)
    {
        while (true)
        {
            var update = await pushes.Reader.ReadAsync().AsTask().WaitAsync(Patience);
            if (wanted(update)) return update;
        }
    }
}
