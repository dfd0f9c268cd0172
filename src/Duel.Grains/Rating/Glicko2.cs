namespace Duel.Grains.Rating;

/// <summary>
/// Glicko-2 as described in Glickman, "Example of the Glicko-2 system" (2013). Each finished battle
/// is treated as its own rating period, as lichess does, so a rating moves right after the game.
/// </summary>
public static class Glicko2
{
    /// <summary>System constant τ: how much volatility may change. Glickman suggests 0.3–1.2.</summary>
    public const double DefaultTau = 0.5;

    /// <summary>A player never becomes less certain than a brand-new one, however long they idle.</summary>
    public const double MaxDeviation = 350;

    private const double Scale = 173.7178;
    private const double Epsilon = 0.000001;

    /// <summary>
    /// The player's rating after one rating period with <paramref name="games"/>. With no games only the
    /// deviation grows (step 6 of the paper), capped at <see cref="MaxDeviation"/>.
    /// </summary>
    public static GlickoRating Update(GlickoRating player, IReadOnlyList<GameResult> games, double tau = DefaultTau)
    {
        ArgumentNullException.ThrowIfNull(player);
        ArgumentNullException.ThrowIfNull(games);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tau);
        foreach (var game in games)
        {
            if (game.Score is < 0 or > 1 || double.IsNaN(game.Score))
            {
                throw new ArgumentOutOfRangeException(nameof(games), game.Score, "a score must be between 0 and 1");
            }
        }

        // Step 2: convert to the Glicko-2 scale.
        var mu = (player.Rating - 1500) / Scale;
        var phi = player.Deviation / Scale;
        var sigma = player.Volatility;
        if (games.Count == 0)
        {
            var grown = Math.Sqrt(phi * phi + sigma * sigma) * Scale;
            return player with { Deviation = Math.Min(grown, MaxDeviation) };
        }

        // Steps 3 and 4: estimated variance v and improvement Δ.
        double vInverse = 0, sum = 0;
        foreach (var game in games)
        {
            var muJ = (game.Opponent.Rating - 1500) / Scale;
            var g = G(game.Opponent.Deviation / Scale);
            var e = 1 / (1 + Math.Exp(-g * (mu - muJ)));
            vInverse += g * g * e * (1 - e);
            sum += g * (game.Score - e);
        }

        var v = 1 / vInverse;
        var delta = v * sum;

        // Steps 5-8: new volatility, pre-period deviation, new deviation and rating.
        var newSigma = NewVolatility(phi, sigma, v, delta, tau);
        var phiStar = Math.Sqrt(phi * phi + newSigma * newSigma);
        var newPhi = 1 / Math.Sqrt(1 / (phiStar * phiStar) + 1 / v);
        var newMu = mu + newPhi * newPhi * sum;
        return new GlickoRating(Scale * newMu + 1500, Math.Min(Scale * newPhi, MaxDeviation), newSigma);
    }

    /// <summary>Both players' new ratings after one game between them; <paramref name="scoreA"/> is A's score.</summary>
    public static (GlickoRating A, GlickoRating B) UpdatePair(GlickoRating a, GlickoRating b, double scoreA, double tau = DefaultTau) =>
        (Update(a, [new GameResult(b, scoreA)], tau), Update(b, [new GameResult(a, 1 - scoreA)], tau));

    private static double G(double phi) => 1 / Math.Sqrt(1 + 3 * phi * phi / (Math.PI * Math.PI));

    /// <summary>Step 5: solve f(x) = 0 for x = ln σ'² with the Illinois variant of regula falsi.</summary>
    private static double NewVolatility(double phi, double sigma, double v, double delta, double tau)
    {
        var a = Math.Log(sigma * sigma);
        var deltaSquared = delta * delta;
        var phiSquared = phi * phi;
        double F(double x)
        {
            var ex = Math.Exp(x);
            var d = phiSquared + v + ex;
            return ex * (deltaSquared - phiSquared - v - ex) / (2 * d * d) - (x - a) / (tau * tau);
        }

        var pointA = a;
        double pointB;
        if (deltaSquared > phiSquared + v)
        {
            pointB = Math.Log(deltaSquared - phiSquared - v);
        }
        else
        {
            var k = 1;
            while (F(a - k * tau) < 0)
            {
                k++;
            }

            pointB = a - k * tau;
        }

        var fA = F(pointA);
        var fB = F(pointB);
        while (Math.Abs(pointB - pointA) > Epsilon)
        {
            var c = pointA + (pointA - pointB) * fA / (fB - fA);
            var fC = F(c);
            if (fC * fB <= 0)
            {
                pointA = pointB;
                fA = fB;
            }
            else
            {
                fA /= 2;
            }

            pointB = c;
            fB = fC;
        }

        return Math.Exp(pointA / 2);
    }
}
