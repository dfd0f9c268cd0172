using System.Net.Http.Json;
using System.Text.Json;
using Duel.Grains.Battles;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Duel.Web.Tests;

/// <summary>A finished battle for replay tests: ids of both sides, the grain's final view, and a third person watching.</summary>
public sealed record FinishedBattle(string Id, string A, string B, BattleView View, WebClient Spectator)
{
    /// <summary>Computed here rather than by the code under test.</summary>
    public long DurationMs => (long)(View.FinishedAt!.Value - View.StartedAt).TotalMilliseconds;
}

/// <summary>
/// Builds replay material with real components: a match through the lobby, a run and a submission through
/// the API, verdicts applied to the battle grain as the sandbox's would be (the web tests run no worker),
/// and code timeline rows written straight into the table the snapshot writer fills.
/// </summary>
public sealed class ReplayData(DuelWebFactory factory)
{
    public async Task<(WebClient A, WebClient B, string BattleId)> MatchAsync(string a, string b)
    {
        var first = WebClient.Create(factory);
        await first.RegisterAsync(a);
        var second = WebClient.Create(factory);
        await second.RegisterAsync(b);
        await first.PostAsync("/?handler=Find&queue=palindrome");
        var matched = await second.PostAsync("/?handler=Find&queue=palindrome");
        var url = matched.Headers.GetValues("HX-Redirect").Single();
        Assert.StartsWith("/battles/", url);
        return (first, second, url["/battles/".Length..]);
    }

    /// <summary>A runs (2 of 3 examples pass), then B submits and passes every test: B wins by solving.</summary>
    public async Task<FinishedBattle> FinishedBattleAsync(string a, string b)
    {
        var (first, second, id) = await MatchAsync(a, b);
        var run = await JudgeAsync(first, id, "run");
        var submit = await JudgeAsync(second, id, "submit");
        // Not an assertion: the battle must last long enough for the tests to place snapshots inside it.
        await Task.Delay(300);
        var battle = factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IBattleGrain>(id);
        Assert.True((await battle.ApplyVerdict(run, Verdict("failed", 2, 3))).Succeeded);
        Assert.True((await battle.ApplyVerdict(submit, Verdict("passed", 13, 13))).Succeeded);
        var view = await battle.GetView();
        Assert.Equal(BattlePhase.Finished, view.Phase);
        var spectator = WebClient.Create(factory);
        await spectator.RegisterAsync($"{a}-eye");
        return new FinishedBattle(id, await PlayerIdAsync(first), await PlayerIdAsync(second), view, spectator);
    }

    /// <summary>Rows of <c>code_timeline</c>, as the snapshot writer stores them.</summary>
    public async Task TimelineAsync(string battleId, string playerId, params (long Seq, DateTimeOffset At, string Code)[] rows)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        foreach (var (seq, at, code) in rows)
        {
            await using var insert = new NpgsqlCommand(
                "insert into code_timeline (battle_id, player_id, seq, at, code) values ($1, $2, $3, $4, $5)", connection);
            foreach (var value in new object[] { battleId, playerId, seq, at.UtcDateTime, code }) insert.Parameters.Add(new NpgsqlParameter { Value = value });
            await insert.ExecuteNonQueryAsync();
        }
    }

    /// <summary>The latest snapshot of a player (<c>code_snapshots</c>), as the snapshot writer stores it.</summary>
    public async Task LatestAsync(string battleId, string playerId, long seq, string code)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var upsert = new NpgsqlCommand(
            """
            insert into code_snapshots (battle_id, player_id, seq, code, updated_at) values ($1, $2, $3, $4, now())
            on conflict (battle_id, player_id) do update set seq = excluded.seq, code = excluded.code
            """, connection);
        foreach (var value in new object[] { battleId, playerId, seq, code }) upsert.Parameters.Add(new NpgsqlParameter { Value = value });
        await upsert.ExecuteNonQueryAsync();
    }

    public static async Task<string> JudgeAsync(WebClient client, string battleId, string kind)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/battles/{battleId}/{kind}")
        {
            Content = JsonContent.Create(new { code = "def is_palindrome(s):\n    return s == s[::-1]\n" }),
        };
        request.Headers.Add("X-Duel-Client", "tests");
        var response = await client.Http.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.GetRawText());
        return body.GetProperty("submissionId").GetString()!;
    }

    public static async Task<string> PlayerIdAsync(WebClient client) =>
        (await client.Http.GetFromJsonAsync<JsonElement>("/api/session")).GetProperty("playerId").GetString()!;

    public static JsonElement Verdict(string status, int passed, int total) => JsonSerializer.SerializeToElement(new
    {
        status,
        passed,
        total,
        message = $"{passed} of {total} passed",
        elapsed_ms = 12,
        tests = Enumerable.Range(0, total).Select(i => new { index = i, hidden = i >= 3, status = i < passed ? "passed" : "wrong-answer" }),
    });
}
