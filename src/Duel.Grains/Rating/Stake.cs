namespace Duel.Grains.Rating;

/// <summary>
/// What a rated battle puts at stake for one player, in displayed rating points: the change a win,
/// a draw and a loss would make. Computed with the same <see cref="Glicko2.Update"/> that applies the
/// result, and rounded as the result dialog rounds (round(after) − round(before)), so the preview
/// equals the change shown at the finish.
/// </summary>
[GenerateSerializer, Alias("duel.Stake")]
public sealed record Stake(int Win, int Draw, int Loss)
{
    public static Stake For(GlickoRating self, GlickoRating opponent) =>
        new(Change(self, opponent, GameResult.Win), Change(self, opponent, GameResult.Draw), Change(self, opponent, GameResult.Loss));

    private static int Change(GlickoRating self, GlickoRating opponent, double score) =>
        (int)(Math.Round(Glicko2.Update(self, [new GameResult(opponent, score)]).Rating) - Math.Round(self.Rating));
}
