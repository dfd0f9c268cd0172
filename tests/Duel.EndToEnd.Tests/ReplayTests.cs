using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Npgsql;
using static Microsoft.Playwright.Assertions;

namespace Duel.EndToEnd.Tests;

/// <summary>A duel played in two browsers, then watched again from the result dialog: markers, scrubbing, playback.</summary>
[Collection(StackCollection.Name)]
public sealed class ReplayTests(DuelStack stack)
{
    private const string FirstDraft = "def is_palindrome(s):\n    # first draft\n    return s == s[::-1]\n";

    [Fact]
    public async Task A_finished_duel_replays_both_editors_with_markers_scrubbing_and_playback_and_a_running_one_has_none_yet()
    {
        var rex = await Player.OpenAsync(stack, "Rex", stack.NodeA, "replay");
        var roz = await Player.OpenAsync(stack, "Roz", stack.NodeB, "replay");
        await rex.RegisterAsync();
        await roz.RegisterAsync();
        await rex.FindOpponentAsync("palindrome");
        await rex.ArriveAtAsync("/queue/palindrome");
        await roz.FindOpponentAsync("palindrome");
        await roz.ArriveAtAsync("/battles/*");
        await rex.ArriveAtAsync("/battles/*");
        var battle = new Uri(rex.Page.Url).AbsolutePath;

        // While the battle runs, anyone asking for its replay is told when it opens.
        var rue = await Player.OpenAsync(stack, "Rue", stack.NodeB, "replay");
        await rue.RegisterAsync();
        var early = await rue.Page.GotoAsync($"{stack.NodeB}{battle}/replay");
        Assert.Equal(409, early!.Status);
        await Expect(rue.Page.GetByTestId("replay-message")).ToHaveTextAsync("The replay opens when the battle ends.");
        await Expect(rue.Page.Locator("#replay")).ToHaveCountAsync(0);
        await rue.ShotAsync("01-not-over-yet");

        // A first draft, seen by the opponent and stored in the timeline, then the correct solution wins.
        await rex.SetCodeAsync(FirstDraft);
        await Expect(roz.OpponentCode).ToContainTextAsync("# first draft");
        await WaitForTimelineAsync(battle["/battles/".Length..], "# first draft");
        await rex.SetCodeAsync(Solutions.Correct);
        await rex.Button("Submit").ClickAsync();
        await Expect(rex.Region("Result")).ToContainTextAsync("You win!");
        await rex.ShotAsync("02-result");

        await rex.Region("Result").GetByRole(AriaRole.Link, new() { Name = "Watch the replay" }).ClickAsync();
        await rex.ArriveAtAsync($"{battle}/replay");
        var code = rex.Region("Rex's code").Locator(".cm-content");
        var clock = rex.Page.GetByTestId("replay-clock");
        // It opens at the end, on the final code.
        await Expect(code).ToContainTextAsync("isalnum");
        await Expect(rex.Page.GetByTestId("replay-result")).ToHaveTextAsync("Rex won · solved");
        var win = rex.Page.GetByRole(AriaRole.Group, new() { Name = "Rex's runs and submissions" }).GetByTestId("replay-marker");
        await Expect(win).ToHaveCountAsync(1);
        await Expect(win).ToHaveAttributeAsync("data-verdict", "passed");
        await Expect(win).ToHaveAttributeAsync("title", new Regex(@"^Rex · submit · 13/13 · \d+:\d\d$"));
        await Expect(rex.Page.GetByRole(AriaRole.Group, new() { Name = "Roz's runs and submissions" }).GetByTestId("replay-marker"))
            .ToHaveCountAsync(0);
        await rex.ShotAsync("03-replay-at-the-end");

        // Scrubbing: a moment between the two versions shows the draft; the end shows the solution.
        var (draftAt, solutionAt, duration) = await RexStepsAsync(rex.Page);
        Assert.True(duration >= 1000, $"the battle lasted {duration} ms, too short to see the clock move");
        await ScrubAsync(rex.Page, (draftAt + solutionAt) / 2);
        await Expect(code).ToContainTextAsync("# first draft");
        await Expect(code).Not.ToContainTextAsync("isalnum");
        await rex.ShotAsync("04-replay-first-draft");
        await ScrubAsync(rex.Page, duration);
        await Expect(code).ToContainTextAsync("isalnum");
        await ScrubAsync(rex.Page, 0);
        await Expect(code).Not.ToContainTextAsync("def is_palindrome");
        var end = $"{duration / 60_000}:{duration / 1000 % 60:00}";
        await Expect(clock).ToHaveTextAsync($"0:00 / {end}");

        // Playback at 16x runs the clock to the end and stops there, on the final code.
        await rex.Button("16x").ClickAsync();
        await Expect(rex.Button("16x")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(rex.Button("1x")).ToHaveAttributeAsync("aria-pressed", "false");
        await rex.Button("Play").ClickAsync();
        await Expect(clock).ToHaveTextAsync($"{end} / {end}");
        await Expect(rex.Button("Play")).ToBeVisibleAsync();
        await Expect(code).ToContainTextAsync("isalnum");
        await rex.ShotAsync("05-replay-played");

        await rex.CloseAsync();
        await roz.CloseAsync();
        await rue.CloseAsync();
    }

    /// <summary>When the draft and the solution appear in Rex's editor, and the battle's length, from the page's embedded replay.</summary>
    private static async Task<(long DraftAt, long SolutionAt, long Duration)> RexStepsAsync(IPage page)
    {
        using var json = JsonDocument.Parse(await page.Locator("#replay-data").TextContentAsync() ?? "");
        var root = json.RootElement;
        var steps = root.GetProperty("sides").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "Rex")
            .GetProperty("steps").EnumerateArray().Select(s => (At: s.GetProperty("offsetMs").GetInt64(), Code: s.GetProperty("code").GetString()))
            .ToList();
        var draft = steps.FindIndex(s => s.Code == FirstDraft);
        Assert.True(draft >= 0 && draft + 1 < steps.Count, $"expected the draft then the solution, got {steps.Count} steps");
        Assert.Equal(Solutions.Correct, steps[draft + 1].Code);
        return (steps[draft].At, steps[draft + 1].At, root.GetProperty("durationMs").GetInt64());
    }

    /// <summary>Moves the range as dragging it does: a new value, then an input event.</summary>
    private static Task ScrubAsync(IPage page, long ms) => page.GetByTestId("replay-scrub").EvaluateAsync(
        "(el, ms) => { el.value = String(ms); el.dispatchEvent(new Event('input', { bubbles: true })); }", ms);

    /// <summary>Waits until the web node's snapshot writer (about once a second) has stored a version containing <paramref name="text"/>.</summary>
    private async Task WaitForTimelineAsync(string battleId, string text)
    {
        await using var connection = new NpgsqlConnection(stack.ConnectionString);
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            await using var query = new NpgsqlCommand("select count(*) from code_timeline where battle_id = $1 and strpos(code, $2) > 0", connection);
            query.Parameters.Add(new NpgsqlParameter { Value = battleId });
            query.Parameters.Add(new NpgsqlParameter { Value = text });
            if ((long)(await query.ExecuteScalarAsync())! > 0) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no snapshot containing '{text}' was stored for {battleId}");
            await Task.Delay(100);
        }
    }
}
