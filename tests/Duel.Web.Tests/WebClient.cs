using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Duel.Web.Tests;

/// <summary>A browser-like client: keeps cookies, reads the anti-forgery token from the layout, posts as htmx does.</summary>
public sealed class WebClient(HttpClient http)
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Http { get; } = http;

    public string? Token { get; private set; }

    public static WebClient Create(DuelWebFactory factory) =>
        new(factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));

    public async Task<(HttpResponseMessage Response, IDocument Document)> GetPageAsync(string url)
    {
        var response = await Http.GetAsync(url);
        var document = await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        Token = document.QuerySelector("meta[name=request-verification-token]")?.GetAttribute("content") ?? Token;
        return (response, document);
    }

    /// <summary>An htmx POST: form fields, the token as a header (unless <paramref name="withToken"/> is false).</summary>
    public async Task<HttpResponseMessage> PostAsync(string url, IDictionary<string, string>? form = null, bool withToken = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent(form ?? new Dictionary<string, string>()),
        };
        request.Headers.Add("HX-Request", "true");
        if (withToken && Token is not null) request.Headers.Add("RequestVerificationToken", Token);
        return await Http.SendAsync(request);
    }

    public async Task RegisterAsync(string name, string password = "correct-horse-1")
    {
        await GetPageAsync("/account/register");
        var response = await PostAsync("/account/register", new Dictionary<string, string> { ["Name"] = name, ["Password"] = password });
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
        Assert.Equal("/", response.Headers.GetValues("HX-Redirect").Single());
        await GetPageAsync("/"); // a fresh token for the signed-in user
    }

    /// <summary>Both queue for the same challenge through the lobby; the second one's find starts the battle, whose id this returns.</summary>
    public static async Task<string> MatchAsync(WebClient first, WebClient second, string queue = "palindrome")
    {
        await first.PostAsync($"/?handler=Find&queue={queue}");
        var matched = await second.PostAsync($"/?handler=Find&queue={queue}");
        return matched.Headers.GetValues("HX-Redirect").Single()["/battles/".Length..];
    }

    public static async Task<IDocument> ParseAsync(string html) => await Parser.ParseDocumentAsync(html);
}
