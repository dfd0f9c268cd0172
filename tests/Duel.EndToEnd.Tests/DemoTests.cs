using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Duel.EndToEnd.Tests;

/// <summary>The predecessor's live demo, step by step, in two browser contexts; a screenshot per step.</summary>
[Collection(StackCollection.Name)]
public sealed class DemoTests(DuelStack stack, ITestOutputHelper output)
{
    [Fact]
    public async Task Alice_and_Bob_duel_on_the_palindrome_from_registration_to_victory()
    {
        var alice = await Player.OpenAsync(stack, "Alice", stack.NodeA, "demo");
        var bob = await Player.OpenAsync(stack, "Bob", stack.NodeA, "demo");

        // Part B: register, queue, match.
        await alice.RegisterAsync();
        await alice.ShotAsync("01-registered");
        await bob.RegisterAsync();
        await bob.ShotAsync("01-registered");
        await alice.FindOpponentAsync("palindrome");
        await alice.ArriveAtAsync("/queue/palindrome");
        await Expect(alice.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Rating window");
        await alice.ShotAsync("02-waiting");
        await bob.FindOpponentAsync("palindrome");
        await bob.ArriveAtAsync("/battles/*");
        await alice.ArriveAtAsync("/battles/*");
        Assert.Equal(new Uri(alice.Page.Url).AbsolutePath, new Uri(bob.Page.Url).AbsolutePath);
        await Expect(alice.Page.GetByTestId("players")).ToContainTextAsync("Bob");
        await Expect(bob.Page.GetByTestId("players")).ToContainTextAsync("Alice");
        await Expect(alice.YourCode).ToContainTextAsync("def is_palindrome");
        await alice.ShotAsync("03-battle");
        await bob.ShotAsync("03-battle");

        // Part C: the sandbox rejects the malicious snippet with a friendly message.
        await alice.SetCodeAsync(Solutions.Malicious);
        await alice.Button("Submit").ClickAsync();
        await Expect(alice.Region("Your results")).ToContainTextAsync("Forbidden imports detected: os");
        await alice.ShotAsync("04-forbidden-import");

        // Live mirroring: Bob sees what Alice types within a second.
        await alice.SetCodeAsync(Solutions.PartlyCorrect);
        var typed = DateTime.UtcNow;
        await alice.AppendCodeAsync("# alice was here\n");
        await Expect(bob.OpponentCode).ToContainTextAsync("# alice was here", new() { Timeout = 1000 });
        output.WriteLine($"mirror latency (typing → Bob's screen): {(DateTime.UtcNow - typed).TotalMilliseconds:0} ms");
        await bob.ShotAsync("05-mirror");

        // A partly correct submission: both screens show Alice's progress.
        await alice.Button("Submit").ClickAsync();
        await Expect(alice.Region("Your progress")).ToContainTextAsync("You: 8/13 tests");
        await Expect(bob.Region("Opponent's progress")).ToContainTextAsync("Alice: 8/13 tests");
        await Expect(alice.Region("Your results")).ToContainTextAsync("Hidden tests: 7/10 passed");
        await alice.ShotAsync("06-progress");
        await bob.ShotAsync("06-progress");

        // Part D: Bob's correct solution wins; both screens show it with both rating changes.
        await bob.SetCodeAsync(Solutions.Correct);
        await bob.Button("Submit").ClickAsync();
        await Expect(bob.Region("Result")).ToContainTextAsync("You win!");
        await Expect(alice.Region("Result")).ToContainTextAsync("Bob wins!");
        foreach (var p in new[] { alice, bob })
        {
            var rows = p.Region("Result").GetByTestId("rating-change");
            await Expect(rows).ToHaveCountAsync(2);
            await Expect(rows.Filter(new() { HasText = "Bob" })).ToContainTextAsync(new Regex(@"\+\d+"));
            await Expect(rows.Filter(new() { HasText = "Alice" })).ToContainTextAsync(new Regex(@"−\d+"));
        }
        await alice.ShotAsync("07-victory");
        await bob.ShotAsync("07-victory");

        // The two web nodes' logs together hold exactly one line per lifecycle event.
        string[] lines =
        [
            "Match created: (Alice vs Bob|Bob vs Alice)",
            "Submission: Bob submit in battle",
            "Verdict: Bob submit passed 13/13",
            "Battle finished: Won, winner Bob .*(Alice vs Bob|Bob vs Alice)",
        ];
        var log = "";
        for (var wait = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < wait; await Task.Delay(100))
        {
            log = string.Concat(stack.Nodes.Where(n => n.Name.StartsWith("web-", StringComparison.Ordinal)).Select(n => n.Log));
            if (lines.All(l => Regex.IsMatch(log, l))) break;
        }
        Assert.All(lines, l => Assert.Single(Regex.Matches(log, l)));
        await alice.CloseAsync();
        await bob.CloseAsync();
    }
}
