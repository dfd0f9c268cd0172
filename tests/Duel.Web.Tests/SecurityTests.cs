using System.Net;
using System.Net.Http.Json;

namespace Duel.Web.Tests;

/// <summary>Anti-forgery, the API's header rule, and the hub's cookie requirement.</summary>
public sealed class SecurityTests(DuelWebFactory factory) : IClassFixture<DuelWebFactory>
{
    [Theory]
    [InlineData("/account/register")]
    [InlineData("/account/login")]
    [InlineData("/account/logout")]
    [InlineData("/?handler=Find&queue=palindrome")]
    public async Task Post_without_anti_forgery_token_is_400(string url)
    {
        var client = WebClient.Create(factory);
        await client.GetPageAsync("/account/login"); // has the cookie half, but not the token
        var response = await client.PostAsync(url, new Dictionary<string, string> { ["Name"] = "x-user", ["Password"] = "whatever-1" }, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Battle_post_without_anti_forgery_token_is_400()
    {
        var client = WebClient.Create(factory);
        await client.RegisterAsync("forger");
        var response = await client.PostAsync("/battles/b-whatever?handler=Submit", new Dictionary<string, string> { ["code"] = "x" }, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Hub_negotiate_without_cookie_is_401()
    {
        var response = await factory.CreateClient().PostAsync("/hubs/duel/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Hub_negotiate_with_cookie_succeeds()
    {
        var client = WebClient.Create(factory);
        await client.RegisterAsync("hubber");
        var response = await client.Http.PostAsync("/hubs/duel/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Api_post_without_client_header_is_refused_and_with_it_signs_in()
    {
        var http = factory.CreateClient();
        var refused = await http.PostAsJsonAsync("/api/session/register", new { name = "api-bot", password = "bot-password-1" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("X-Duel-Client", await refused.Content.ReadAsStringAsync());

        http.DefaultRequestHeaders.Add("X-Duel-Client", "tests");
        var registered = await http.PostAsJsonAsync("/api/session/register", new { name = "api-bot", password = "bot-password-1" });
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        var me = await http.GetFromJsonAsync<Dictionary<string, object>>("/api/session");
        Assert.Equal("api-bot", me!["name"].ToString());
    }

    [Fact]
    public async Task Api_needs_a_session_for_queues_and_battles()
    {
        var http = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/battles/b-1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/queue/palindrome")).StatusCode);
        var challenges = await http.GetFromJsonAsync<List<Dictionary<string, object>>>("/api/challenges");
        Assert.Contains(challenges!, c => c["slug"].ToString() == "palindrome");
        Assert.DoesNotContain(challenges!, c => c.ContainsKey("tests") || c.ContainsKey("reference"));
    }

    [Fact]
    public async Task Operator_pages_need_the_operator_password()
    {
        var client = WebClient.Create(factory);
        var anonymous = await client.Http.GetAsync("/admin/cluster");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/admin/login", anonymous.Headers.Location!.PathAndQuery);
        var (_, login) = await client.GetPageAsync("/admin/login");
        var token = login.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var wrong = await client.Http.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Password"] = "guess", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var right = await client.Http.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Password"] = DuelWebFactory.AdminPassword, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        var (page, doc) = await client.GetPageAsync("/admin/cluster");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Members", doc.Body!.TextContent);
        Assert.Contains("Code-sync messages/s on this node", doc.Body!.TextContent);
        var dashboard = await client.Http.GetAsync("/admin/orleans/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("index.min.js", await dashboard.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/admin/orleans/index.min.js")).StatusCode);
        // The figures behind it: this cluster's silo and our grain types, as the dashboard's own API reports
        // them. A sign-up activates a player grain; the dashboard gathers its counters once a second.
        await WebClient.Create(factory).RegisterAsync("dash_player");
        var counters = "";
        for (var round = 0; round < 60 && !(counters.Contains("PlayerGrain") && counters.Contains("siloAddress")); round++)
        {
            await Task.Delay(500);
            counters = await client.Http.GetStringAsync("/admin/orleans/DashboardCounters");
        }
        Assert.Contains("siloAddress", counters);
        Assert.Contains("Duel.Grains", counters);
        Assert.Contains("PlayerGrain", counters);
    }

    [Fact]
    public async Task The_Orleans_dashboard_refuses_anyone_but_the_operator()
    {
        var anonymous = WebClient.Create(factory);
        foreach (var path in new[] { "/admin/orleans/", "/admin/orleans/DashboardCounters", "/admin/orleans/GrainState" })
        {
            var response = await anonymous.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/admin/login", response.Headers.Location!.PathAndQuery);
        }
        // A signed-in player is not an operator either.
        var player = WebClient.Create(factory);
        await player.RegisterAsync("not_an_operator");
        Assert.Equal(HttpStatusCode.OK, (await player.Http.GetAsync("/api/session")).StatusCode);
        var refused = await player.Http.GetAsync("/admin/orleans/DashboardCounters");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/admin/login", refused.Headers.Location!.PathAndQuery);
    }
}
