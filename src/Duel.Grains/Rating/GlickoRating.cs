namespace Duel.Grains.Rating;

/// <summary>A Glicko-2 rating on the familiar Glicko scale: rating ± deviation, and volatility.</summary>
public sealed record GlickoRating(double Rating, double Deviation, double Volatility)
{
    /// <summary>A new player: 1500 ± 350, volatility 0.06 (Glickman's recommended start).</summary>
    public static GlickoRating Initial { get; } = new(1500, 350, 0.06);
}
