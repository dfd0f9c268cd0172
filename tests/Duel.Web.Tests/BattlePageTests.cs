using System.Net;

namespace Duel.Web.Tests;

/// <summary>A real match through the lobby, then the battle page's access rules and limits.</summary>
public sealed class BattlePageTests(DuelWebFactory factory) : IClassFixture<DuelWebFactory>
{
    private async Task<(WebClient A, WebClient B, string BattleId)> MatchAsync(string a, string b)
    {
        var alice = WebClient.Create(factory);
        await alice.RegisterAsync(a);
        var bob = WebClient.Create(factory);
        await bob.RegisterAsync(b);
        var queued = await alice.PostAsync("/?handler=Find&queue=palindrome");
        Assert.Equal("/queue/palindrome", queued.Headers.GetValues("HX-Redirect").Single());
        var matched = await bob.PostAsync("/?handler=Find&queue=palindrome");
        var url = matched.Headers.GetValues("HX-Redirect").Single();
        Assert.StartsWith("/battles/", url);
        return (alice, bob, url["/battles/".Length..]);
    }

    [Fact]
    public async Task Both_players_see_the_battle_with_both_names_and_the_starter_code()
    {
        var (alice, bob, id) = await MatchAsync("pg-alice", "pg-bob");
        foreach (var (client, me, other) in new[] { (alice, "pg-alice", "pg-bob"), (bob, "pg-bob", "pg-alice") })
        {
            var (response, page) = await client.GetPageAsync($"/battles/{id}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var names = page.QuerySelectorAll("[data-testid=player-name]").Select(n => n.TextContent).ToList();
            Assert.Equal([me, other], names);
            Assert.NotNull(page.QuerySelector("[aria-label='Your code'] textarea"));
            Assert.Contains("def is_palindrome", page.QuerySelector("[aria-label=\"Opponent's code\"] textarea")!.TextContent);
            Assert.NotNull(page.QuerySelector("[aria-label='Your progress']"));
            Assert.NotNull(page.QuerySelector("[aria-label=\"Opponent's progress\"]"));
            foreach (var button in new[] { "Run", "Submit", "Forfeit" })
                Assert.Contains(page.QuerySelectorAll("button"), b => b.TextContent.Trim() == button);
        }
        // The queue page of a matched player goes to the battle.
        var queue = await alice.Http.GetAsync("/queue/palindrome");
        Assert.Equal($"/battles/{id}", queue.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Unknown_battle_is_404_and_someone_elses_is_403_but_can_be_watched()
    {
        var (_, _, id) = await MatchAsync("ac-alice", "ac-bob");
        var carol = WebClient.Create(factory);
        await carol.RegisterAsync("ac-carol");
        Assert.Equal(HttpStatusCode.NotFound, (await carol.GetPageAsync("/battles/b-no-such-battle")).Response.StatusCode);
        var (forbidden, page) = await carol.GetPageAsync($"/battles/{id}");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("spectate", page.Body!.InnerHtml);
        var submit = await carol.PostAsync($"/battles/{id}?handler=Submit", new Dictionary<string, string> { ["code"] = "def f(): pass" });
        Assert.Equal(HttpStatusCode.Forbidden, submit.StatusCode);
        var (watch, watching) = await carol.GetPageAsync($"/battles/{id}/spectate");
        Assert.Equal(HttpStatusCode.OK, watch.StatusCode);
        Assert.NotNull(watching.QuerySelector("[aria-label=\"ac-alice's code\"]"));
        Assert.NotNull(watching.QuerySelector("[aria-label=\"ac-bob's code\"]"));
        Assert.DoesNotContain(watching.QuerySelectorAll("button"), b => b.TextContent.Trim() == "Submit");
    }

    [Fact]
    public async Task Code_over_64_KiB_is_413_with_a_message_and_nothing_is_judged()
    {
        var (alice, _, id) = await MatchAsync("big-alice", "big-bob");
        var code = "# " + new string('x', 100 * 1024);
        var response = await alice.PostAsync($"/battles/{id}?handler=Submit", new Dictionary<string, string> { ["code"] = code });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var html = await WebClient.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Contains("the limit is 64 KiB", html.QuerySelector("#my-results .error")!.TextContent);
        await using var connection = new Npgsql.NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var count = new Npgsql.NpgsqlCommand("select count(*) from jobs", connection);
        Assert.Equal(0L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Submitting_twice_within_the_interval_is_429_with_a_message()
    {
        var (alice, _, id) = await MatchAsync("rl-alice", "rl-bob");
        var form = new Dictionary<string, string> { ["code"] = "def is_palindrome(s):\n    return True\n" };
        var first = await alice.PostAsync($"/battles/{id}?handler=Run", form);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("Running the examples", await first.Content.ReadAsStringAsync());
        var second = await alice.PostAsync($"/battles/{id}?handler=Submit", form);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Contains("Too many submissions", await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_panel_carries_the_event_sequence_for_gap_detection()
    {
        var (alice, _, id) = await MatchAsync("seq-alice", "seq-bob");
        var panel = await alice.Http.GetStringAsync($"/battles/{id}?handler=Panel");
        var doc = await WebClient.ParseAsync(panel);
        var header = doc.QuerySelector("#battle-panel")!;
        Assert.Equal("true", header.GetAttribute("hx-swap-oob"));
        Assert.True(long.Parse(header.GetAttribute("data-seq")!) >= 1, "the battle's started event has seq 1");
    }
}
