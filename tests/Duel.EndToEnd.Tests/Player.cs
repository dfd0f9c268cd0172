using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Duel.EndToEnd.Tests;

/// <summary>One person in their own browser context, driving the site the way a player does.</summary>
public sealed class Player(IBrowserContext context, IPage page, string name, string baseUrl, string shots)
{
    public string Name { get; } = name;

    public IPage Page { get; } = page;

    public string BaseUrl { get; } = baseUrl;

    public static async Task<Player> OpenAsync(DuelStack stack, string name, string baseUrl, string test, int width = 1280, int height = 900)
    {
        var context = await stack.Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return new Player(context, page, name, baseUrl, Path.Combine(DuelStack.OutputDirectory, test));
    }

    public ILocator Region(string label) => Page.GetByRole(AriaRole.Region, new() { Name = label, Exact = true });

    public ILocator Button(string label) => Page.GetByRole(AriaRole.Button, new() { Name = label, Exact = true });

    public ILocator YourCode => Region("Your code").Locator(".cm-content");

    public ILocator OpponentCode => Region("Opponent's code").Locator(".cm-content");

    public async Task RegisterAsync(string password = "correct-horse-1")
    {
        await Page.GotoAsync($"{BaseUrl}/account/register");
        await Page.GetByLabel("Name").FillAsync(Name);
        await Page.GetByLabel("Password").FillAsync(password);
        await Button("Create account").ClickAsync();
        await Page.WaitForURLAsync($"{BaseUrl}/");
        await Assertions.Expect(Page.GetByTestId("me")).ToHaveTextAsync(Name);
        await Assertions.Expect(Page.Locator("#hub-status[data-state=connected]")).ToBeAttachedAsync();
    }

    /// <summary>
    /// Waits until the page shows <paramref name="path"/>. Polls the address instead of waiting for
    /// one navigation event: a match can start a second navigation that aborts the first.
    /// </summary>
    public async Task ArriveAtAsync(string path)
    {
        var pattern = new Regex("^" + Regex.Escape(BaseUrl) + Regex.Escape(path).Replace(@"\*", "[^/?#]+") + "$");
        await Assertions.Expect(Page).ToHaveURLAsync(pattern, new() { Timeout = 20_000 });
        await Page.WaitForLoadStateAsync(LoadState.Load);
    }

    public Task FindOpponentAsync(string challenge) =>
        Page.Locator($"li[data-challenge={challenge}]").GetByRole(AriaRole.Button, new() { Name = "Find opponent" }).ClickAsync();

    /// <summary>Replaces the whole editor content, as pasting over a selection does.</summary>
    public async Task SetCodeAsync(string code)
    {
        await YourCode.ClickAsync();
        await Page.Keyboard.PressAsync("Control+a");
        await Page.Keyboard.InsertTextAsync(code);
    }

    public async Task AppendCodeAsync(string text)
    {
        await YourCode.ClickAsync();
        await Page.Keyboard.PressAsync("Control+End");
        await Page.Keyboard.InsertTextAsync(text);
    }

    public async Task ShotAsync(string step)
    {
        Directory.CreateDirectory(shots);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(shots, $"{step}-{Name}.png"), FullPage = true });
    }

    public async Task CloseAsync() => await context.CloseAsync();
}
