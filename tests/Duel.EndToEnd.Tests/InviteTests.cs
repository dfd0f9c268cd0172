using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Duel.EndToEnd.Tests;

/// <summary>Duel a friend by link: the link's life from the lobby to the battle, and its refusals.</summary>
[Collection(StackCollection.Name)]
public sealed class InviteTests(DuelStack stack)
{
    [Fact]
    public async Task A_friend_opens_the_link_plays_as_guest_and_both_land_in_the_battle_and_the_link_is_then_used()
    {
        var ivy = await Player.OpenAsync(stack, "Ivy", stack.NodeA, "invite");
        await ivy.RegisterAsync();
        var link = await CreateInviteAsync(ivy, "palindrome");

        // The creator's own link: it waits for a friend and offers no way to accept it.
        await Expect(ivy.Page.GetByTestId("invite-status")).ToContainTextAsync("Send this link to your friend");
        await Expect(ivy.Button("Accept and play")).ToHaveCountAsync(0);

        // The friend, on the other node and not signed in, plays as a guest and accepts.
        var finn = await Player.OpenAsync(stack, "Finn", stack.NodeB, "invite");
        await finn.Page.GotoAsync(link.Replace(stack.NodeA, stack.NodeB, StringComparison.Ordinal));
        await finn.Page.GetByRole(AriaRole.Link, new() { Name = "sign in or play as a guest" }).ClickAsync();
        await finn.Button("Play as guest").ClickAsync();
        await finn.ArriveAtAsync(new Uri(link).AbsolutePath);
        await finn.ShotAsync("01-friend-sees-invite");
        await finn.Button("Accept and play").ClickAsync();
        await finn.ArriveAtAsync("/battles/*");
        await ivy.ArriveAtAsync("/battles/*");
        Assert.Equal(new Uri(ivy.Page.Url).AbsolutePath, new Uri(finn.Page.Url).AbsolutePath);
        await Expect(ivy.Page.GetByTestId("players")).ToContainTextAsync("guest-");
        await Expect(ivy.Page.GetByTestId("stake")).ToHaveCountAsync(0); // casual: nothing at stake
        await ivy.ShotAsync("02-battle");

        // A third visitor finds the link used.
        var gus = await Player.OpenAsync(stack, "Gus", stack.NodeA, "invite");
        await gus.RegisterAsync();
        await gus.Page.GotoAsync(link);
        await Expect(gus.Page.GetByTestId("invite-closed")).ToContainTextAsync("used already");
        await Expect(gus.Button("Accept and play")).ToHaveCountAsync(0);
        await ivy.CloseAsync();
        await finn.CloseAsync();
        await gus.CloseAsync();
    }

    [Fact]
    public async Task A_link_left_open_expires_and_a_cancelled_link_says_it_was_cancelled()
    {
        var hal = await Player.OpenAsync(stack, "Hal", stack.NodeA, "invite-expiry");
        var joy = await Player.OpenAsync(stack, "Joy", stack.NodeB, "invite-expiry");
        await hal.RegisterAsync();
        await joy.RegisterAsync();
        var expiring = await CreateInviteAsync(hal, "any");
        await hal.Page.GotoAsync($"{stack.NodeA}/");
        var cancelled = await CreateInviteAsync(hal, "palindrome");
        await hal.Button("Cancel invite").ClickAsync();
        await Expect(hal.Page.GetByTestId("invite-closed")).ToContainTextAsync("cancelled");

        await joy.Page.GotoAsync(cancelled.Replace(stack.NodeA, stack.NodeB, StringComparison.Ordinal));
        await Expect(joy.Page.GetByTestId("invite-closed")).ToContainTextAsync("cancelled");
        await Task.Delay(DuelStack.InviteLifetime + TimeSpan.FromSeconds(1));
        await joy.Page.GotoAsync(expiring.Replace(stack.NodeA, stack.NodeB, StringComparison.Ordinal));
        await Expect(joy.Page.GetByTestId("invite-closed")).ToContainTextAsync("expired");
        await Expect(joy.Button("Accept and play")).ToHaveCountAsync(0);
        await joy.ShotAsync("01-expired");
        await hal.CloseAsync();
        await joy.CloseAsync();
    }

    /// <summary>From the lobby form to the invite's page; returns the link it shows.</summary>
    private static async Task<string> CreateInviteAsync(Player creator, string challenge)
    {
        await creator.Page.GetByTestId("invite-challenge").SelectOptionAsync(challenge);
        await creator.Page.GetByTestId("create-invite").ClickAsync();
        await creator.ArriveAtAsync("/duel/*");
        return await creator.Page.GetByTestId("invite-link").InputValueAsync();
    }
}
