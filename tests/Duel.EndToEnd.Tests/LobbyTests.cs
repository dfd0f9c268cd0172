using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Duel.EndToEnd.Tests;

/// <summary>The lobby helps choose: live queue counts per challenge, who is online, a quick match.</summary>
[Collection(StackCollection.Name)]
public sealed class LobbyTests(DuelStack stack)
{
    [Fact]
    public async Task Queue_counts_and_online_players_follow_what_others_do_and_a_closed_tab_drops_off_within_30_s()
    {
        var lea = await Player.OpenAsync(stack, "Lea", stack.NodeA, "lobby");
        var lou = await Player.OpenAsync(stack, "Lou", stack.NodeB, "lobby");
        await lea.RegisterAsync();
        await lou.RegisterAsync();
        await Expect(lea.Page.GetByTestId("quick-match")).ToBeVisibleAsync();
        await Expect(lea.Page.GetByTestId("stats-roman-numerals")).ToContainTextAsync(new Regex("no battles yet|solved in"));

        // Lou waits in a queue on the other node: Lea's lobby (polled every 5 s) shows the count there.
        await lou.FindOpponentAsync("roman-numerals");
        await lou.ArriveAtAsync("/queue/roman-numerals");
        await Expect(lea.Page.GetByTestId("waiting-roman-numerals")).ToHaveTextAsync("1 waiting", new() { Timeout = 15_000 });
        // Presence is written every 10 s and the lobby polls every 5 s.
        await Expect(lea.Page.Locator("section[aria-labelledby=online-title]")).ToContainTextAsync("Lou", new() { Timeout = 20_000 });
        await lea.ShotAsync("01-lou-waiting");

        await lou.Button("Cancel").ClickAsync();
        await Expect(lea.Page.GetByTestId("waiting-roman-numerals")).ToHaveTextAsync("", new() { Timeout = 15_000 });

        // Lou closes the last tab: the lobby stops listing Lou within 30 s.
        await lou.CloseAsync();
        var closed = DateTime.UtcNow;
        await Expect(lea.Page.Locator("section[aria-labelledby=online-title]")).Not.ToContainTextAsync("Lou", new() { Timeout = 35_000 });
        Assert.True(DateTime.UtcNow - closed < TimeSpan.FromSeconds(35), $"dropped after {DateTime.UtcNow - closed}");
        await lea.CloseAsync();
    }
}
