using System.Threading.Channels;
using Duel.Web.Realtime;
using Microsoft.AspNetCore.SignalR.Client;

namespace Duel.Web.Tests;

/// <summary>
/// A player's code goes to the opponent's mirror and to spectators, never back to its author: at ~2 snapshots
/// a second per typing player, an echo doubled the sends of the busiest path.
/// </summary>
public sealed class CodeMirrorTests(DuelWebFactory factory) : IClassFixture<DuelWebFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Code_reaches_the_opponent_and_a_spectator_but_not_its_author()
    {
        var (alice, aliceCookies) = await TestHub.SignUpAsync(factory, "cm-alice");
        var (bob, bobCookies) = await TestHub.SignUpAsync(factory, "cm-bob");
        var (_, carolCookies) = await TestHub.SignUpAsync(factory, "cm-carol");
        var battleId = await WebClient.MatchAsync(alice, bob);

        await using var aliceHub = TestHub.Build(factory, aliceCookies);
        await using var bobHub = TestHub.Build(factory, bobCookies);
        await using var carolHub = TestHub.Build(factory, carolCookies);
        var seenBy = new Dictionary<HubConnection, Channel<CodeUpdate>>();
        foreach (var hub in new[] { aliceHub, bobHub, carolHub })
        {
            var seen = seenBy[hub] = Channel.CreateUnbounded<CodeUpdate>();
            hub.On<CodeUpdate>("code", c => seen.Writer.TryWrite(c));
            await hub.StartAsync();
            var joined = await hub.InvokeAsync<JoinReply>("JoinBattle", battleId);
            Assert.Equal(hub != carolHub, joined.IsPlayer);
        }

        Assert.Equal("ok", (await aliceHub.InvokeAsync<SendCodeReply>("SendCode", battleId, 1L, "print('alice')")).Status);
        Assert.Equal("print('alice')", (await NextAsync(seenBy[bobHub])).Code);
        Assert.Equal("print('alice')", (await NextAsync(seenBy[carolHub])).Code);
        Assert.Equal("ok", (await bobHub.InvokeAsync<SendCodeReply>("SendCode", battleId, 1L, "print('bob')")).Status);
        Assert.Equal("print('bob')", (await NextAsync(seenBy[carolHub])).Code);

        // One stream, handled in order: an echo of Alice's code would have reached her before Bob's.
        Assert.Equal("print('bob')", (await NextAsync(seenBy[aliceHub])).Code);
    }

    private static Task<CodeUpdate> NextAsync(Channel<CodeUpdate> seen) => seen.Reader.ReadAsync().AsTask().WaitAsync(Patience);
}
