using System.Net;
using System.Net.Http.Json;

namespace Duel.Web.Tests;

/// <summary>The practice page and API refuse clearly when there is nothing to race, and the start needs the token.</summary>
public sealed class PracticePageTests(DuelWebFactory factory) : IClassFixture<DuelWebFactory>
{
    // No test in this assembly finishes a battle on this challenge, so it has no recorded win.
    private const string Unplayed = "window-medians";

    [Fact]
    public async Task Without_a_recorded_win_the_page_says_so_and_offers_no_start()
    {
        var client = WebClient.Create(factory);
        await client.RegisterAsync("practice-1");
        var (response, page) = await client.GetPageAsync($"/practice/{Unplayed}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("No one has won a recorded battle on Sliding Median yet", page.QuerySelector("#practice-offer")!.TextContent);
        Assert.Null(page.QuerySelector("#practice-offer button"));

        var start = await client.PostAsync($"/practice/{Unplayed}?handler=Start");
        Assert.Equal(HttpStatusCode.NotFound, start.StatusCode);
        Assert.Contains("no recorded win to race", await start.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_challenges_are_404_and_the_start_without_the_anti_forgery_token_is_400()
    {
        var client = WebClient.Create(factory);
        await client.RegisterAsync("practice-2");
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/practice/no-such-thing")).StatusCode);
        var forged = await client.PostAsync($"/practice/{Unplayed}?handler=Start", withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var anonymous = await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync($"/practice/{Unplayed}");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }

    [Fact]
    public async Task The_api_answers_with_a_clear_error_when_there_is_no_ghost_or_no_such_challenge()
    {
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Add("X-Duel-Client", "tests");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync($"/api/practice/{Unplayed}", null)).StatusCode);
        await http.PostAsJsonAsync("/api/session/register", new { name = "practice-bot", password = "bot-password-1" });

        var none = await http.PostAsync($"/api/practice/{Unplayed}", null);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Contains("no recorded win to race", (await none.Content.ReadFromJsonAsync<Dictionary<string, object>>())!["error"].ToString());
        var unknown = await http.GetAsync("/api/practice/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("no challenge 'no-such-thing'", await unknown.Content.ReadAsStringAsync());
    }
}
