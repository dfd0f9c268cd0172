using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Duel.Grains.Battles;
using Duel.Web.Replays;
using Microsoft.Extensions.DependencyInjection;

namespace Duel.Web.Tests;

/// <summary>
/// Replays from the real node and database: a battle decided by real grain calls (verdicts applied as
/// the sandbox would), its code timeline in <c>code_timeline</c>, read through the API, the page and the service.
/// </summary>
public sealed class ReplayTests(DuelWebFactory factory) : IClassFixture<DuelWebFactory>
{
    private readonly ReplayData _data = new(factory);

    [Fact]
    public async Task Unknown_is_404_running_is_409_and_both_say_why_in_the_api_and_on_the_page()
    {
        var (alice, _, id) = await _data.MatchAsync("rp-ann", "rp-abe");
        var unknown = await alice.Http.GetAsync("/api/battles/b-no-such-battle/replay");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("There is no such battle.", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await alice.Http.GetAsync("/api/battles/b.x%20y/replay")).StatusCode);

        var running = await alice.Http.GetAsync($"/api/battles/{id}/replay");
        Assert.Equal(HttpStatusCode.Conflict, running.StatusCode);
        Assert.Equal("The replay opens when the battle ends.",
            (await running.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());

        var (page, document) = await alice.GetPageAsync($"/battles/{id}/replay");
        Assert.Equal(HttpStatusCode.Conflict, page.StatusCode);
        Assert.Equal("The replay opens when the battle ends.", document.QuerySelector("[data-testid=replay-message]")?.TextContent);
        Assert.Null(document.QuerySelector("#replay-data"));
        var (missing, missingPage) = await alice.GetPageAsync("/battles/b-no-such-battle/replay");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("There is no such battle.", missingPage.QuerySelector("[data-testid=replay-message]")?.TextContent);

        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync($"/api/battles/{id}/replay")).StatusCode);
    }

    [Fact]
    public async Task Steps_are_offsets_from_the_start_in_sequence_order_cut_at_the_end_with_the_final_code_last()
    {
        var battle = await _data.FinishedBattleAsync("rp-cat", "rp-cal");
        var (start, d) = (battle.View.StartedAt, battle.DurationMs);
        await _data.TimelineAsync(battle.Id, battle.A,
            (1, start.AddSeconds(-2), "sent while the page loaded"),
            (2, start.AddMilliseconds(d / 4 + 0.5), "draft"),
            (3, start.AddMilliseconds(d / 2 + 0.5), "better"),
            (4, start.AddMilliseconds(d / 2 - 10.5), "next, stamped by a node 11 ms behind"),
            (5, start.AddMilliseconds(d / 2 + 20.5), "next, stamped by a node 11 ms behind")); // resent unchanged
        // B's last snapshot reached the database only after the finish: kept out of the steps, but it is the final code.
        await _data.TimelineAsync(battle.Id, battle.B, (7, start.AddMilliseconds(d / 3 + 0.5), "b's only version"),
            (8, battle.View.FinishedAt!.Value.AddSeconds(3), "after the end"));
        await _data.LatestAsync(battle.Id, battle.B, 9, "the submitted code");

        var json = await battle.Spectator.Http.GetFromJsonAsync<JsonElement>($"/api/battles/{battle.Id}/replay");
        Assert.Equal(d, json.GetProperty("durationMs").GetInt64());
        Assert.Equal("The Palindrome", json.GetProperty("challengeTitle").GetString());
        Assert.Equal("Won", json.GetProperty("result").GetProperty("outcome").GetString());
        Assert.Equal(battle.B, json.GetProperty("result").GetProperty("winnerId").GetString());
        var a = Side(json, battle.A);
        Assert.Equal<(long, string)>([(0, "sent while the page loaded"), (d / 4, "draft"), (d / 2, "better"),
            (d / 2, "next, stamped by a node 11 ms behind")], Steps(a));
        Assert.Equal("next, stamped by a node 11 ms behind", a.GetProperty("finalCode").GetString());
        var b = Side(json, battle.B);
        Assert.Equal<(long, string)>([(d / 3, "b's only version"), (d, "the submitted code")], Steps(b));
        Assert.Equal("the submitted code", b.GetProperty("finalCode").GetString());

        var run = Assert.Single(a.GetProperty("submissions").EnumerateArray());
        Assert.Equal("Run", run.GetProperty("kind").GetString());
        Assert.Equal("failed", run.GetProperty("verdict").GetString());
        Assert.Equal((long)(battle.View.Submissions.Single(s => s.PlayerId == battle.A).SubmittedAt - start).TotalMilliseconds,
            run.GetProperty("offsetMs").GetInt64());
        var submit = Assert.Single(b.GetProperty("submissions").EnumerateArray());
        Assert.Equal(("Submit", "passed", 13, 13), (submit.GetProperty("kind").GetString(), submit.GetProperty("verdict").GetString(),
            submit.GetProperty("passed").GetInt32(), submit.GetProperty("total").GetInt32()));
        Assert.InRange(run.GetProperty("offsetMs").GetInt64(), 0, submit.GetProperty("offsetMs").GetInt64());

        // The page: the same JSON embedded, both editors at the end (final code), one marker per run or submission.
        var (response, page) = await battle.Spectator.GetPageAsync($"/battles/{battle.Id}/replay");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(json.GetRawText(), JsonDocument.Parse(page.QuerySelector("#replay-data")!.TextContent).RootElement.GetRawText());
        Assert.Equal("the submitted code", page.QuerySelector("[aria-label=\"rp-cal's code\"] textarea")?.TextContent);
        Assert.Equal("rp-cal won · solved", page.QuerySelector("[data-testid=replay-result]")?.TextContent);
        var markers = page.QuerySelectorAll("[data-testid=replay-marker]").Select(m => (m.ClassName, m.GetAttribute("data-verdict"))).ToList();
        Assert.Equal([("marker run warn", "failed"), ("marker submit ok", "passed")], markers);
        Assert.Equal(d.ToString(System.Globalization.CultureInfo.InvariantCulture),
            page.QuerySelector("[data-testid=replay-scrub]")?.GetAttribute("max"));

        // Both players' history rows lead here.
        var (_, profile) = await battle.Spectator.GetPageAsync("/players/rp-cat");
        Assert.Contains(profile.QuerySelectorAll("[data-testid=history-replay]"), l => l.GetAttribute("href") == $"/battles/{battle.Id}/replay");
    }

    [Fact]
    public async Task A_ghost_side_plays_the_recorded_players_code_at_its_offsets_from_the_recorded_battles_start()
    {
        var source = await _data.FinishedBattleAsync("rp-gia", "rp-gus");
        var sourceStart = source.View.StartedAt;
        await _data.TimelineAsync(source.Id, source.A, (1, sourceStart.AddMilliseconds(100.5), "ghost v1"),
            (2, sourceStart.AddMilliseconds(900.5), "ghost v2"), (3, sourceStart.AddMilliseconds(5_000.5), "ghost v3, after the practice ended"));
        await _data.TimelineAsync(source.Id, source.B, (1, sourceStart.AddMilliseconds(200.5), "the other side of the recording"));

        // A practice battle as its grain would show it: one live player against the ghost of source.A, two seconds long.
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        var practiceId = $"b-practice-{Guid.NewGuid():N}";
        var me = source.View.Players.Single(p => p.Id == source.B);
        var ghostPlayer = me with { Id = GhostSource.SideId, Name = "rp-gia (ghost)" };
        var ghostRun = new SubmissionView("s-g", GhostSource.SideId, SubmissionKind.Submit, start.AddMilliseconds(1_500), SubmissionStatus.Judged,
            "failed", 8, 13, null, 10, []);
        var practice = source.View with
        {
            Id = practiceId, StartedAt = start, FinishedAt = start.AddSeconds(2), Players = [me, ghostPlayer],
            Submissions = [ghostRun], Ghost = new GhostSource(source.Id, source.A), Result = null,
        };
        await _data.TimelineAsync(practiceId, me.Id, (1, start.AddMilliseconds(300.5), "practising"));

        var replay = await factory.Services.GetRequiredService<BattleReplays>().BuildAsync(practice, CancellationToken.None);
        Assert.Equal(2_000, replay.DurationMs);
        var ghost = replay.Sides.Single(s => s.PlayerId == GhostSource.SideId);
        Assert.True(ghost.Ghost);
        Assert.Equal([new ReplayStep(100, "ghost v1"), new ReplayStep(900, "ghost v2")], ghost.Steps);
        Assert.Equal("ghost v2", ghost.FinalCode);
        Assert.Equal([new ReplaySubmission("s-g", 1_500, SubmissionKind.Submit, "failed", 8, 13)], ghost.Submissions);
        var live = replay.Sides.Single(s => s.PlayerId == me.Id);
        Assert.False(live.Ghost);
        Assert.Equal([new ReplayStep(300, "practising")], live.Steps);
        Assert.Empty(live.Submissions);
    }

    private static JsonElement Side(JsonElement replay, string playerId) =>
        replay.GetProperty("sides").EnumerateArray().Single(s => s.GetProperty("playerId").GetString() == playerId);

    private static List<(long, string)> Steps(JsonElement side) =>
        [.. side.GetProperty("steps").EnumerateArray().Select(s => (s.GetProperty("offsetMs").GetInt64(), s.GetProperty("code").GetString()!))];
}
