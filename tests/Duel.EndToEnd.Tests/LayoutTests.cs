using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Duel.EndToEnd.Tests;

/// <summary>
/// A phone (390×844) and a desktop (1280×900) play one duel through: every page fits the width, every
/// control can be tapped, the result dialog dims the whole window, empty lists say so, and the lobby
/// counts the person looking at it.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class LayoutTests(DuelStack stack)
{
    public static TheoryData<int, int> Screens => new() { { 390, 844 }, { 1280, 900 } };

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task A_duel_played_through_fits_the_screen_with_every_control_reachable_and_empty_lists_saying_so(int width, int height)
    {
        var shots = $"layout-{width}";
        var kit = await Player.OpenAsync(stack, $"Kit{width}", stack.NodeA, shots, width, height);
        var kai = await Player.OpenAsync(stack, $"Kai{width}", stack.NodeB, shots, width, height);
        await kit.RegisterAsync();

        // The lobby as first rendered (read once, not waited for): its viewer is online.
        var online = await kit.Page.Locator("section[aria-labelledby=online-title]").InnerTextAsync();
        Assert.Matches(@"Online now: [1-9]", online);
        Assert.Contains(kit.Name, online);
        await Expect(kit.Page.GetByTestId("no-one-waiting")).ToHaveTextAsync("No one is waiting.", new() { Timeout = 90_000 });
        await FitsAsync(kit.Page, "lobby");
        await kit.ShotAsync("01-lobby");

        // "Practise" is the element under its own centre, and a tap opens the practice page.
        var practise = kit.Page.GetByTestId("practice-palindrome");
        await TappableAsync(practise, "Practise");
        await practise.ClickAsync();
        await kit.ArriveAtAsync("/practice/palindrome");
        await FitsAsync(kit.Page, "practice");

        // A new player's profile says it has nothing yet instead of showing bare table headers.
        await kit.Page.GotoAsync($"{kit.BaseUrl}/players/{kit.Name}");
        await Expect(kit.Page.GetByTestId("no-battles")).ToHaveTextAsync("No battles yet.");
        await Expect(kit.Page.GetByTestId("no-head-to-head")).ToHaveTextAsync("No head-to-head yet.");
        await Expect(kit.Page.Locator("table")).ToHaveCountAsync(0);
        await FitsAsync(kit.Page, "empty profile");

        await kit.Page.GotoAsync($"{kit.BaseUrl}/");
        await kit.FindOpponentAsync("palindrome");
        await kit.ArriveAtAsync("/queue/palindrome");
        await FitsAsync(kit.Page, "queue");
        await TappableAsync(kit.Button("Cancel"), "Cancel");
        await kit.ShotAsync("02-queue");

        await kai.RegisterAsync();
        await kai.FindOpponentAsync("palindrome");
        await kai.ArriveAtAsync("/battles/*");
        await kit.ArriveAtAsync("/battles/*");
        await Expect(kit.YourCode).ToBeVisibleAsync();
        await FitsAsync(kit.Page, "battle");
        var mine = await kit.Region("Your code").BoundingBoxAsync();
        var theirs = await kit.Region("Opponent's code").BoundingBoxAsync();
        Assert.NotNull(mine);
        Assert.NotNull(theirs);
        if (width < 700)
        {
            // Stacked: the opponent's editor starts below the player's own, each the full width.
            Assert.True(theirs.Y >= mine.Y + mine.Height, $"editors overlap or sit side by side: {mine.Y}+{mine.Height} vs {theirs.Y}");
            Assert.Equal(mine.X, theirs.X, 1);
        }
        else
        {
            Assert.Equal(mine.Y, theirs.Y, 1);
            Assert.True(theirs.X >= mine.X + mine.Width, $"editors are not side by side: {mine.X}+{mine.Width} vs {theirs.X}");
        }
        await TappableAsync(kit.Button("Run"), "Run");
        await TappableAsync(kit.Button("Submit"), "Submit");
        await kit.ShotAsync("03-battle");

        await kit.SetCodeAsync(Solutions.Correct);
        await TappableAsync(kit.Button("Submit"), "Submit");
        await kit.Button("Submit").ClickAsync();
        var result = kit.Region("Result");
        await Expect(result).ToContainTextAsync("You win!", new() { Timeout = 30_000 });
        await FitsAsync(kit.Page, "result dialog");
        await CoversAsync(kit.Page, "result backdrop");
        if (width >= 700)
        {
            // The window that showed a bright strip under the backdrop.
            await kit.Page.SetViewportSizeAsync(1280, 1037);
            await CoversAsync(kit.Page, "result backdrop at 1280×1037");
        }
        var box = await result.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= width, $"the dialog is {box.Width} px wide at x {box.X}");
        var replay = result.GetByRole(AriaRole.Link, new() { Name = "Watch the replay" });
        await TappableAsync(replay, "Watch the replay");
        await kit.ShotAsync("04-result");

        await replay.ClickAsync();
        await kit.ArriveAtAsync("/battles/*/replay");
        await Expect(kit.Page.GetByTestId("replay-result")).ToContainTextAsync($"{kit.Name} won");
        await FitsAsync(kit.Page, "replay");
        await TappableAsync(kit.Page.Locator("[data-action=play]"), "Play");
        await kit.ShotAsync("05-replay");

        await kit.Page.GotoAsync($"{kit.BaseUrl}/players/{kit.Name}");
        await Expect(kit.Page.GetByTestId("history-replay")).ToHaveCountAsync(1);
        await Expect(kit.Page.Locator("aside")).ToContainTextAsync(kai.Name);
        await kit.ShotAsync("06-profile");
        await FitsAsync(kit.Page, "profile");
        await TappableAsync(kit.Page.GetByTestId("history-replay"), "Watch");

        await kit.Page.GotoAsync($"{kit.BaseUrl}/leaderboard");
        await FitsAsync(kit.Page, "leaderboard");
        await kit.CloseAsync();
        await kai.CloseAsync();
    }

    /// <summary>No sideways scrolling; on failure, names the elements that stick out.</summary>
    private static async Task FitsAsync(IPage page, string what)
    {
        var overflow = await page.EvaluateAsync<string>(
            """
            () => {
              const root = document.documentElement;
              // A table wider than its card pokes out of it even when the page itself still fits.
              const poking = [...document.querySelectorAll("table")]
                .filter(t => t.getBoundingClientRect().right > t.parentElement.getBoundingClientRect().right + 0.5);
              if (poking.length > 0) return `a table is wider than its ${poking[0].parentElement.tagName.toLowerCase()}`;
              if (root.scrollWidth <= root.clientWidth) return "";
              const wide = [...document.body.querySelectorAll("*")]
                .filter(e => e.getBoundingClientRect().right > root.clientWidth + 0.5)
                .slice(-8)
                .map(e => `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}.${e.getAttribute("class") ?? ""} → ${Math.round(e.getBoundingClientRect().right)}`);
              return `${root.scrollWidth} > ${root.clientWidth}: ${wide.join(", ")}`;
            }
            """);
        Assert.True(overflow == "", $"the {what} page scrolls sideways: {overflow}");
    }

    /// <summary>Nothing covers the control: the element at its centre point is the control itself (or inside it).</summary>
    private static async Task TappableAsync(ILocator control, string what)
    {
        await control.ScrollIntoViewIfNeededAsync();
        var hit = await control.EvaluateAsync<string>(
            """
            e => {
              const r = e.getBoundingClientRect();
              const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
              return at === e || e.contains(at) ? "" : `${at?.tagName.toLowerCase()}.${at?.getAttribute("class") ?? ""} "${at?.textContent?.trim().slice(0, 40)}"`;
            }
            """);
        Assert.True(hit == "", $"{what} is covered by {hit}");
    }

    /// <summary>
    /// The dialog's backdrop spans the whole window and the whole page (a full-page capture of a page
    /// taller than the window showed the rest undimmed), and the bottom row of pixels is the backdrop's.
    /// </summary>
    private static async Task CoversAsync(IPage page, string what)
    {
        var gap = await page.Locator("[data-overlay]").EvaluateAsync<string>(
            """
            o => {
              const r = o.getBoundingClientRect(), w = innerWidth, h = innerHeight;
              const bottom = document.elementFromPoint(w / 2, h - 1), corner = document.elementFromPoint(w - 1, h - 1);
              if (r.left > 0 || r.top > 0 || r.right < w || r.bottom < h) return `backdrop ${r.left},${r.top}–${r.right},${r.bottom} in ${w}×${h}`;
              // Nothing can scroll out from under it: the page behind is no taller than the window.
              const tall = document.documentElement.scrollHeight;
              if (tall > h) return `the page is ${tall} px tall under a ${h} px backdrop`;
              if (!o.contains(bottom) || !o.contains(corner)) return `the bottom edge shows ${bottom?.tagName.toLowerCase()}.${bottom?.getAttribute("class") ?? ""}`;
              return "";
            }
            """);
        Assert.True(gap == "", $"{what} leaves the page uncovered: {gap}");
    }
}
