namespace Duel.Grains.Rating;

/// <summary>One game of a rating period from the player's side: 1 = win, 0.5 = draw, 0 = loss.</summary>
public sealed record GameResult(GlickoRating Opponent, double Score)
{
    public const double Win = 1;
    public const double Draw = 0.5;
    public const double Loss = 0;
}
