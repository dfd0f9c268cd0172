using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Duel.EndToEnd.Tests;

/// <summary>Reload mid-battle, spectating, and a duel across two web nodes.</summary>
[Collection(StackCollection.Name)]
public sealed class LiveTests(DuelStack stack)
{
    private static async Task<(Player First, Player Second)> MatchAsync(DuelStack stack, string a, string urlA, string b, string urlB, string test)
    {
        var first = await Player.OpenAsync(stack, a, urlA, test);
        var second = await Player.OpenAsync(stack, b, urlB, test);
        await first.RegisterAsync();
        await second.RegisterAsync();
        await first.FindOpponentAsync("palindrome");
        await first.ArriveAtAsync("/queue/palindrome");
        await second.FindOpponentAsync("palindrome");
        await second.ArriveAtAsync("/battles/*");
        await first.ArriveAtAsync("/battles/*");
        return (first, second);
    }

    [Fact]
    public async Task A_reload_mid_battle_restores_code_progress_results_and_timer()
    {
        var (rita, remy) = await MatchAsync(stack, "Rita", stack.NodeA, "Remy", stack.NodeA, "reload");
        await rita.SetCodeAsync(Solutions.PartlyCorrect);
        await rita.Button("Submit").ClickAsync();
        await Expect(rita.Region("Your progress")).ToContainTextAsync("You: 8/13 tests");
        await remy.SetCodeAsync("def is_palindrome(s):\n    return True  # remy's draft\n");
        await Expect(rita.OpponentCode).ToContainTextAsync("remy's draft");
        await rita.AppendCodeAsync("# typed just before the reload\n");
        await Expect(remy.OpponentCode).ToContainTextAsync("typed just before the reload");
        await rita.ShotAsync("01-before-reload");

        await rita.Page.ReloadAsync();
        await Expect(rita.YourCode).ToContainTextAsync("typed just before the reload");
        await Expect(rita.YourCode).ToContainTextAsync("s.replace");
        await Expect(rita.OpponentCode).ToContainTextAsync("remy's draft");
        await Expect(rita.Region("Your progress")).ToContainTextAsync("You: 8/13 tests");
        await Expect(rita.Region("Opponent's progress")).ToContainTextAsync("Remy: 0/13 tests");
        await Expect(rita.Region("Your results")).ToContainTextAsync("Hidden tests: 7/10 passed");
        await Expect(rita.Page.GetByRole(AriaRole.Timer)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^1[0-4]:\d\d$"));
        await rita.ShotAsync("02-after-reload");

        // Live updates resume after the reload, both ways.
        await remy.AppendCodeAsync("# after rita's reload\n");
        await Expect(rita.OpponentCode).ToContainTextAsync("after rita's reload");
        await rita.AppendCodeAsync("# rita is back\n");
        await Expect(remy.OpponentCode).ToContainTextAsync("rita is back");
        await rita.CloseAsync();
        await remy.CloseAsync();
    }

    [Fact]
    public async Task A_spectator_sees_both_editors_live()
    {
        var (sam, sue) = await MatchAsync(stack, "Sam", stack.NodeA, "Sue", stack.NodeB, "spectate");
        var battle = new Uri(sam.Page.Url).AbsolutePath;
        var viewer = await Player.OpenAsync(stack, "Vic", stack.NodeB, "spectate");
        await viewer.RegisterAsync();
        await viewer.Page.GotoAsync($"{stack.NodeB}{battle}/spectate");
        await Expect(viewer.Page.GetByTestId("players")).ToContainTextAsync("Spectating");
        await Expect(viewer.Button("Submit")).ToHaveCountAsync(0);
        await Expect(viewer.Page.Locator("#hub-status[data-state=connected]")).ToBeAttachedAsync();

        await sam.AppendCodeAsync("# sam thinks\n");
        await sue.AppendCodeAsync("# sue thinks\n");
        await Expect(viewer.Region("Sam's code").Locator(".cm-content")).ToContainTextAsync("sam thinks");
        await Expect(viewer.Region("Sue's code").Locator(".cm-content")).ToContainTextAsync("sue thinks");
        await sue.SetCodeAsync(Solutions.PartlyCorrect);
        await sue.Button("Submit").ClickAsync();
        await Expect(viewer.Region("Sue's progress")).ToContainTextAsync("Sue: 8/13 tests");
        await viewer.ShotAsync("01-watching");
        await sam.CloseAsync();
        await sue.CloseAsync();
        await viewer.CloseAsync();
    }

    [Fact]
    public async Task Players_on_two_web_nodes_finish_a_duel_with_mirroring_and_results_crossing_nodes()
    {
        var (ann, ben) = await MatchAsync(stack, "Ann", stack.NodeA, "Ben", stack.NodeB, "two-nodes");
        Assert.StartsWith(stack.NodeA, ann.Page.Url);
        Assert.StartsWith(stack.NodeB, ben.Page.Url);
        await Expect(ann.Page.GetByTestId("players")).ToContainTextAsync("Ben");
        await ann.AppendCodeAsync("# from node A\n");
        await Expect(ben.OpponentCode).ToContainTextAsync("from node A", new() { Timeout = 1000 });
        await ben.AppendCodeAsync("# from node B\n");
        await Expect(ann.OpponentCode).ToContainTextAsync("from node B", new() { Timeout = 1000 });
        await ann.SetCodeAsync(Solutions.PartlyCorrect);
        await ann.Button("Submit").ClickAsync();
        await Expect(ben.Region("Opponent's progress")).ToContainTextAsync("Ann: 8/13 tests");
        await ann.ShotAsync("01-progress");
        await ben.ShotAsync("01-progress");
        // What Ben may win, shown in his header before the finish, is what his result row then shows.
        var stake = await ben.Page.GetByTestId("stake").InnerTextAsync();
        var win = System.Text.RegularExpressions.Regex.Match(stake, @"win (\+\d+)").Groups[1].Value;
        Assert.Matches(@"^\+\d+$", win);
        await ben.SetCodeAsync(Solutions.Correct);
        await ben.Page.Keyboard.PressAsync("Control+Enter"); // the shortcut submits
        await Expect(ann.Region("Result")).ToContainTextAsync("Ben wins!");
        await Expect(ben.Region("Result")).ToContainTextAsync("You win!");
        await Expect(ann.Region("Result").GetByTestId("rating-change")).ToHaveCountAsync(2);
        await Expect(ben.Region("Result").GetByTestId("rating-change").Filter(new() { HasText = "Ben" }).Locator("td").Last)
            .ToHaveTextAsync(win);
        await ann.ShotAsync("02-result");
        await ben.ShotAsync("02-result");
        await ann.CloseAsync();
        await ben.CloseAsync();
    }

    [Fact]
    public async Task A_player_who_leaves_is_shown_to_the_opponent_with_the_time_left_to_return()
    {
        var (dan, dee) = await MatchAsync(stack, "Dan", stack.NodeA, "Dee", stack.NodeB, "disconnect");
        var battle = new Uri(dee.Page.Url).AbsolutePath;
        await Expect(dee.Page.Locator("#hub-status[data-state=connected]")).ToBeAttachedAsync();
        await dee.Page.GotoAsync($"{stack.NodeB}/leaderboard");
        await Expect(dan.Page.GetByTestId("disconnected")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Dee disconnected — \d+ s to return"));
        await dan.ShotAsync("01-opponent-away");
        await dee.Page.GotoAsync($"{stack.NodeB}{battle}");
        await Expect(dan.Page.GetByTestId("disconnected")).ToHaveCountAsync(0);
        await dan.CloseAsync();
        await dee.CloseAsync();
    }
}
