using Duel.Grains.Matchmaking;

namespace Duel.Grains.Tests.Matchmaking;

public sealed class PairingPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly PairingPolicy _policy = new(new MatchmakingOptions());

    [Theory]
    [InlineData(0, 200)]
    [InlineData(4.999, 200)]
    [InlineData(5, 250)]
    [InlineData(12, 300)]
    [InlineData(40, 600)]
    [InlineData(3600, 600)]
    public void Window_starts_at_200_and_widens_by_50_every_5_seconds_up_to_600(double seconds, int expected) =>
        Assert.Equal(expected, _policy.Window(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Compatibility_needs_the_gap_inside_both_windows()
    {
        var veteran = new Ticket("old", 1000, T0, 0);
        var newcomer = new Ticket("new", 1300, T0 + TimeSpan.FromSeconds(60), 1);

        // The veteran's window is 600 by now, the newcomer's still 200: gap 300 fits only one of them.
        Assert.False(_policy.Compatible(veteran, newcomer, newcomer.JoinedAt));
        Assert.True(_policy.Compatible(veteran, newcomer, newcomer.JoinedAt + TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void A_1000_and_a_1500_player_match_only_after_the_configured_wait()
    {
        var low = new Ticket("low", 1000, T0, 0);
        var high = new Ticket("high", 1500, T0, 1);

        // Gap 500 needs 200 + 6 × 50: six full steps of 5 s.
        Assert.Null(_policy.NextPair([low, high], T0 + TimeSpan.FromSeconds(29.9)));
        Assert.Equal((low, high), _policy.NextPair([low, high], T0 + TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void A_ticket_is_paired_with_the_longest_waiting_compatible_ticket()
    {
        var first = new Ticket("first", 1500, T0, 0);
        var farAway = new Ticket("far", 2400, T0 + TimeSpan.FromSeconds(1), 1);
        var second = new Ticket("second", 1450, T0 + TimeSpan.FromSeconds(2), 2);
        var closest = new Ticket("closest", 1601, T0 + TimeSpan.FromSeconds(3), 3);
        var newcomer = new Ticket("new", 1600, T0 + TimeSpan.FromSeconds(4), 4);

        // "closest" is the nearest rating, but "first" has waited longest and is within both windows.
        Assert.Equal(first, _policy.PartnerFor(newcomer, [closest, farAway, second, first], newcomer.JoinedAt));
    }

    [Fact]
    public void Ties_on_join_time_go_to_the_earlier_sequence_number()
    {
        var a = new Ticket("a", 1500, T0, 7);
        var b = new Ticket("b", 1500, T0, 3);
        var c = new Ticket("c", 1500, T0, 9);

        Assert.Equal((b, a), _policy.NextPair([c, a, b], T0));
    }

    [Fact]
    public void The_sweep_skips_a_ticket_without_partner_and_pairs_the_next_oldest()
    {
        var loner = new Ticket("loner", 3000, T0, 0);
        var a = new Ticket("a", 1500, T0 + TimeSpan.FromSeconds(1), 1);
        var b = new Ticket("b", 1550, T0 + TimeSpan.FromSeconds(2), 2);

        Assert.Equal((a, b), _policy.NextPair([b, loner, a], T0 + TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void Next_widening_is_the_earliest_step_boundary_among_windows_still_growing()
    {
        var atMax = new Ticket("max", 1000, T0 - TimeSpan.FromMinutes(5), 0);
        var young = new Ticket("young", 1800, T0 - TimeSpan.FromSeconds(3), 1);
        var older = new Ticket("older", 2600, T0 - TimeSpan.FromSeconds(9), 2);

        Assert.Equal(T0 + TimeSpan.FromSeconds(1), _policy.NextWidening([atMax, young, older], T0));
        Assert.Null(_policy.NextWidening([atMax], T0));
    }

    [Fact]
    public void Short_configured_steps_widen_quickly()
    {
        var policy = new PairingPolicy(new MatchmakingOptions
        {
            InitialWindow = 100, WindowStep = 100, StepInterval = TimeSpan.FromMilliseconds(200), MaxWindow = 500,
        });

        Assert.Equal(100, policy.Window(TimeSpan.FromMilliseconds(199)));
        Assert.Equal(300, policy.Window(TimeSpan.FromMilliseconds(400)));
        Assert.Equal(500, policy.Window(TimeSpan.FromSeconds(10)));
    }
}
