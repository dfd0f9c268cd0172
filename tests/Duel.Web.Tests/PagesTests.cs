using System.Net;

namespace Duel.Web.Tests;

/// <summary>Pages render from the real node and database; account rules hold.</summary>
public sealed class PagesTests(DuelWebFactory factory) : IClassFixture<DuelWebFactory>
{
    [Fact]
    public async Task Lobby_renders_every_challenge_with_a_find_opponent_button()
    {
        var client = WebClient.Create(factory);
        await client.RegisterAsync("lobbyist");
        var (response, page) = await client.GetPageAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var palindrome = page.QuerySelector("li[data-challenge=palindrome]");
        Assert.NotNull(palindrome);
        Assert.Contains("The Palindrome", palindrome!.TextContent);
        var buttons = page.QuerySelectorAll("button").Where(b => b.TextContent.Trim() == "Find opponent").ToList();
        Assert.True(buttons.Count >= 2, $"expected a Find opponent per challenge, got {buttons.Count}");
        // The Htmx tag helpers build these from the page names; htmx posts to exactly these.
        Assert.Equal("/?queue=palindrome&handler=Find", palindrome.QuerySelector("button")?.GetAttribute("hx-post"));
        Assert.Equal("/?handler=Live", page.QuerySelector("#lobby-live")?.GetAttribute("hx-get"));
        Assert.Equal("/duel?handler=Create", page.QuerySelector("form.invite-form")?.GetAttribute("hx-post"));
        Assert.Equal("lobbyist", page.QuerySelector("[data-testid=me]")?.TextContent);
        Assert.False(string.IsNullOrEmpty(client.Token));
    }

    [Theory]
    [InlineData("/account/login", "Sign in")]
    [InlineData("/account/register", "Register")]
    [InlineData("/leaderboard", "Leaderboard")]
    public async Task Public_pages_render(string url, string heading)
    {
        var (response, page) = await WebClient.Create(factory).GetPageAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(heading, page.QuerySelector("h1")?.TextContent.Trim());
    }

    [Fact]
    public async Task Profile_shows_rating_and_record()
    {
        var client = WebClient.Create(factory);
        await client.RegisterAsync("profiled");
        var (response, page) = await client.GetPageAsync("/players/PROFILED");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("profiled", page.QuerySelector("h1")?.TextContent);
        Assert.Equal("1500 ± 350", page.QuerySelector("[data-testid=rating]")?.TextContent);
        var (missing, _) = await client.GetPageAsync("/players/nobody-here");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Names_are_unique_ignoring_case_and_follow_the_rule()
    {
        var first = WebClient.Create(factory);
        await first.RegisterAsync("Casey");
        var second = WebClient.Create(factory);
        await second.GetPageAsync("/account/register");
        var taken = await second.PostAsync("/account/register", new Dictionary<string, string> { ["Name"] = "casey", ["Password"] = "long-enough-1" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, taken.StatusCode);
        Assert.Contains("is taken", await taken.Content.ReadAsStringAsync());
        var bad = await second.PostAsync("/account/register", new Dictionary<string, string> { ["Name"] = "a b", ["Password"] = "long-enough-1" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("3–20 letters", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_guest_keeps_the_account_by_setting_a_password_and_can_sign_in_again()
    {
        var guest = WebClient.Create(factory);
        await guest.GetPageAsync("/account/login");
        var created = await guest.PostAsync("/account/login?handler=Guest");
        Assert.Equal(HttpStatusCode.NoContent, created.StatusCode);
        var (_, settings) = await guest.GetPageAsync("/account/settings");
        var name = settings.QuerySelector("[data-testid=me]")!.TextContent;
        Assert.StartsWith("guest-", name);
        var kept = await guest.PostAsync("/account/settings", new Dictionary<string, string> { ["Password"] = "guest-keeps-1" });
        Assert.Equal(HttpStatusCode.NoContent, kept.StatusCode);

        var again = WebClient.Create(factory);
        await again.GetPageAsync("/account/login");
        var login = await again.PostAsync("/account/login", new Dictionary<string, string> { ["Name"] = name, ["Password"] = "guest-keeps-1" });
        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        var wrong = await WebClient.Create(factory).PostAsync("/account/login",
            new Dictionary<string, string> { ["Name"] = name, ["Password"] = "nope-nope-1" }, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode); // no token at all: refused before the password is looked at
    }

    [Fact]
    public async Task Auth_cookie_is_http_only_and_same_site_lax()
    {
        var client = WebClient.Create(factory);
        await client.GetPageAsync("/account/register");
        var response = await client.PostAsync("/account/register", new Dictionary<string, string> { ["Name"] = "cookie-check", ["Password"] = "long-enough-1" });
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("duel.auth="));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }
}
