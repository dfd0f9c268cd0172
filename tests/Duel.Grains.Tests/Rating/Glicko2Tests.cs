using Duel.Grains.Rating;

namespace Duel.Grains.Tests.Rating;

public sealed class Glicko2Tests
{
    [Fact]
    public void Reproduces_glickmans_worked_example()
    {
        var player = new GlickoRating(1500, 200, 0.06);
        GameResult[] games =
        [
            new(new GlickoRating(1400, 30, 0.06), GameResult.Win),
            new(new GlickoRating(1550, 100, 0.06), GameResult.Loss),
            new(new GlickoRating(1700, 300, 0.06), GameResult.Loss),
        ];

        var updated = Glicko2.Update(player, games);

        Assert.Equal(1464.06, updated.Rating, 0.01);
        Assert.Equal(151.52, updated.Deviation, 0.01);
        Assert.Equal(0.05999, updated.Volatility, 0.00001);
    }

    [Fact]
    public void Equal_players_single_game_moves_winner_up_and_loser_down_symmetrically()
    {
        var (winner, loser) = Glicko2.UpdatePair(GlickoRating.Initial, GlickoRating.Initial, GameResult.Win);

        Assert.True(winner.Rating > 1500, $"winner {winner.Rating}");
        Assert.True(loser.Rating < 1500, $"loser {loser.Rating}");
        Assert.Equal(winner.Rating - 1500, 1500 - loser.Rating, 1e-9);
        Assert.True(winner.Deviation < 350 && loser.Deviation < 350);
        Assert.Equal(winner.Deviation, loser.Deviation, 1e-9);
    }

    [Fact]
    public void New_player_beating_an_equal_new_player_gains_about_a_lichess_sized_step()
    {
        var updated = Glicko2.Update(GlickoRating.Initial, [new GameResult(GlickoRating.Initial, GameResult.Win)]);

        // Two fresh players: the winner gains ~162 points and the deviation drops to ~290.
        Assert.InRange(updated.Rating, 1650, 1675);
        Assert.InRange(updated.Deviation, 285, 295);
    }

    [Fact]
    public void Draw_between_equal_players_keeps_ratings_and_shrinks_deviation()
    {
        var player = new GlickoRating(1700, 80, 0.06);

        var (a, b) = Glicko2.UpdatePair(player, player, GameResult.Draw);

        Assert.Equal(1700, a.Rating, 1e-9);
        Assert.Equal(1700, b.Rating, 1e-9);
        Assert.True(a.Deviation < 80);
    }

    [Fact]
    public void Upset_win_gains_more_than_an_expected_win()
    {
        var player = new GlickoRating(1500, 100, 0.06);

        var upset = Glicko2.Update(player, [new GameResult(new GlickoRating(1900, 100, 0.06), GameResult.Win)]);
        var expected = Glicko2.Update(player, [new GameResult(new GlickoRating(1100, 100, 0.06), GameResult.Win)]);

        Assert.True(upset.Rating - 1500 > 3 * (expected.Rating - 1500), $"upset {upset.Rating}, expected {expected.Rating}");
        Assert.True(expected.Rating > 1500);
    }

    [Fact]
    public void No_games_only_grows_the_deviation()
    {
        var player = new GlickoRating(1500, 200, 0.06);

        var updated = Glicko2.Update(player, []);

        Assert.Equal(1500, updated.Rating);
        Assert.Equal(0.06, updated.Volatility);
        Assert.Equal(Math.Sqrt(200 * 200 + Math.Pow(0.06 * 173.7178, 2)), updated.Deviation, 1e-6);
    }

    [Fact]
    public void No_games_never_exceeds_the_initial_deviation()
    {
        Assert.Equal(Glicko2.MaxDeviation, Glicko2.Update(GlickoRating.Initial, []).Deviation);
    }

    [Fact]
    public void Tau_changes_how_much_volatility_reacts_to_surprises()
    {
        var player = new GlickoRating(1500, 60, 0.06);
        GameResult[] surprises = [.. Enumerable.Repeat(new GameResult(new GlickoRating(2200, 60, 0.06), GameResult.Win), 5)];

        var calm = Glicko2.Update(player, surprises, tau: 0.3);
        var jumpy = Glicko2.Update(player, surprises, tau: 1.2);

        Assert.True(calm.Volatility > 0.06, $"calm {calm.Volatility}");
        Assert.True(jumpy.Volatility > calm.Volatility, $"calm {calm.Volatility}, jumpy {jumpy.Volatility}");
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Rejects_a_score_outside_zero_to_one(double score)
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => Glicko2.Update(GlickoRating.Initial, [new GameResult(GlickoRating.Initial, score)]));
    }
}
