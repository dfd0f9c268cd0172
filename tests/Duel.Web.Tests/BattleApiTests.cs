using System.Net.Http.Json;
using System.Text.Json;
using Duel.Grains.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Duel.Web.Tests;

/// <summary>
/// The battle API reads the full view: every one of the caller's runs and submissions with its tests, while a
/// battle page, rendered from the panel view, shows the latest in detail.
/// </summary>
public sealed class BattleApiTests(DuelWebFactory factory) : IClassFixture<DuelWebFactory>
{
    private readonly ReplayData _data = new(factory);

    [Fact]
    public async Task The_api_lists_each_of_my_results_with_its_tests_and_the_page_shows_the_latest_in_detail()
    {
        var (alice, _, id) = await _data.MatchAsync("ba-ann", "ba-abe");
        var battle = factory.Services.GetRequiredService<IGrainFactory>().Battle(id);
        var first = await ReplayData.JudgeAsync(alice, id, "run");
        Assert.True((await battle.ApplyVerdict(first, ReplayData.Verdict("failed", 1, 3))).Succeeded);
        // Straight to the grain: the web allows one run per player every two seconds.
        var second = (await battle.Run(await ReplayData.PlayerIdAsync(alice), "def is_palindrome(s):\n    return True\n")).SubmissionId!;
        Assert.True((await battle.ApplyVerdict(second, ReplayData.Verdict("passed", 3, 3))).Succeeded);

        var mine = (await alice.Http.GetFromJsonAsync<JsonElement>($"/api/battles/{id}")).GetProperty("mySubmissions").EnumerateArray().ToList();
        Assert.Equal([first, second], mine.Select(s => s.GetProperty("id").GetString()));
        Assert.Equal([3, 3], mine.Select(s => s.GetProperty("tests").GetArrayLength()));
        Assert.Equal(["passed", "wrong-answer", "wrong-answer"], mine[0].GetProperty("tests").EnumerateArray().Select(t => t.GetProperty("status").GetString()));

        var page = await alice.Http.GetStringAsync($"/battles/{id}");
        Assert.Contains("Run: 3/3 passed", page);
        Assert.Equal(3, page.Split("passed: f(").Length - 1);
        Assert.DoesNotContain("wrong-answer: f(", page);
    }
}
