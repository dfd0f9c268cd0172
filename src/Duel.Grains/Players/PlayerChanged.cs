namespace Duel.Grains.Players;

/// <summary>
/// Read-model fact: the player's row in the relational <c>players</c> table (leaderboard, profiles),
/// recorded on registration and after every finished battle.
/// </summary>
public sealed record PlayerChanged(
    string Id,
    string Name,
    double Rating,
    double Deviation,
    double Volatility,
    int Wins,
    int Losses,
    int Draws,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
