using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Duel.EndToEnd.Tests;

/// <summary>Practice against a ghost: a recorded win replays itself, and the player can beat it.</summary>
[Collection(StackCollection.Name)]
public sealed class GhostTests(DuelStack stack)
{
    // Runner-Up: no other browser test plays it, so the only recorded win is the one made here.
    private const string Challenge = "second-largest";
    private const string Draft = "def second_largest(nums):\n    # ghost draft\n    return None\n";
    private const string Wrong = "def second_largest(nums):\n    s = sorted(nums)\n    return s[-2] if len(s) >= 2 else None\n";
    private const string Correct = "def second_largest(nums):\n    d = sorted(set(nums))\n    return d[-2] if len(d) >= 2 else None\n";

    [Fact]
    public async Task A_player_alone_in_a_queue_races_a_recorded_winner_whose_code_types_itself_and_wins_by_solving_first()
    {
        await RecordSlowWinAsync();

        var pia = await Player.OpenAsync(stack, "Pia", stack.NodeB, "ghost");
        await pia.RegisterAsync();
        await pia.FindOpponentAsync(Challenge);
        await pia.ArriveAtAsync($"/queue/{Challenge}");
        await Expect(pia.Page.GetByTestId("ghost-offer")).ToContainTextAsync("No one yet", new() { Timeout = 15_000 });
        await pia.ShotAsync("01-offer");
        await pia.Page.GetByRole(AriaRole.Link, new() { Name = "practise against a ghost?" }).ClickAsync();
        await pia.ArriveAtAsync($"/practice/{Challenge}");
        await Expect(pia.Page.GetByTestId("practice-offer")).ToContainTextAsync("Race Wes's win on Runner-Up");
        await pia.Button("Start the race").ClickAsync();
        await pia.ArriveAtAsync("/battles/*");
        await Expect(pia.Page.GetByTestId("players")).ToContainTextAsync("Wes's ghost");
        await Expect(pia.Page.GetByTestId("stake")).ToHaveCountAsync(0);

        // The ghost types its draft and its wrong submission lands, each when Wes made them.
        await Expect(pia.OpponentCode).ToContainTextAsync("ghost draft", new() { Timeout = 10_000 });
        await Expect(pia.Region("Opponent's progress")).ToContainTextAsync(new Regex(@"Wes's ghost: [1-9]\d*/\d+ tests"), new() { Timeout = 10_000 });
        await Expect(pia.OpponentCode).ToContainTextAsync("s = sorted(nums)");
        await pia.ShotAsync("02-ghost-typing");

        await pia.SetCodeAsync(Correct);
        await pia.Button("Submit").ClickAsync();
        await Expect(pia.Region("Result")).ToContainTextAsync("You win!");
        await Expect(pia.Page.GetByTestId("practice-note")).ToContainTextAsync("no rating changes");
        await pia.ShotAsync("03-won");

        // After the finish (and its 2 s grace for the last keystrokes) the code is final: a late snapshot is refused.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var late = await pia.Page.EvaluateAsync<string>(
            "async () => (await window.duelHub.invoke('SendCode', location.pathname.split('/')[2], Date.now() + 1e9, '# tampered')).status");
        Assert.Equal("closed", late);

        // The practice's replay shows the ghost's recorded code beside Pia's winning code.
        await pia.Page.GetByRole(AriaRole.Link, new() { Name = "Watch the replay" }).ClickAsync();
        await pia.ArriveAtAsync("/battles/*/replay");
        await Expect(pia.Region("Wes's ghost's code").Locator(".cm-content")).ToContainTextAsync("def second_largest");
        await Expect(pia.Region("Pia's code").Locator(".cm-content")).ToContainTextAsync("sorted(set(nums))");
        await Expect(pia.Region("Pia's code").Locator(".cm-content")).Not.ToContainTextAsync("tampered");

        // Nothing was recorded: no win on the profile, and Pia is free to queue again.
        await pia.Page.GotoAsync($"{stack.NodeB}/players/Pia");
        await Expect(pia.Page.Locator("h1 + p")).ToContainTextAsync("0 W / 0 L / 0 D");
        await pia.CloseAsync();
    }

    /// <summary>Wes beats Zoe slowly: a draft, a wrong submission, a pause, then the right one.</summary>
    private async Task RecordSlowWinAsync()
    {
        var wes = await Player.OpenAsync(stack, "Wes", stack.NodeA, "ghost");
        var zoe = await Player.OpenAsync(stack, "Zoe", stack.NodeA, "ghost");
        await wes.RegisterAsync();
        await zoe.RegisterAsync();
        await wes.FindOpponentAsync(Challenge);
        await wes.ArriveAtAsync($"/queue/{Challenge}");
        await zoe.FindOpponentAsync(Challenge);
        await zoe.ArriveAtAsync("/battles/*");
        await wes.ArriveAtAsync("/battles/*");

        await wes.SetCodeAsync(Draft);
        await Expect(zoe.OpponentCode).ToContainTextAsync("ghost draft");
        // Setup, not an assertion: the draft stays on screen long enough for the race to show it too.
        await Task.Delay(TimeSpan.FromSeconds(2));
        await wes.SetCodeAsync(Wrong);
        await wes.Button("Submit").ClickAsync();
        await Expect(wes.Region("Your results")).ToContainTextAsync("Hidden tests");
        // Room for the practising player to win: the ghost's solve lands this much later in its race.
        await Task.Delay(TimeSpan.FromSeconds(8));
        await wes.SetCodeAsync(Correct);
        await wes.Button("Submit").ClickAsync();
        await Expect(wes.Region("Result")).ToContainTextAsync("You win!");
        await wes.CloseAsync();
        await zoe.CloseAsync();
    }
}
