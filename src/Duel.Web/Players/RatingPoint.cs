namespace Duel.Web.Players;

public sealed record RatingPoint(DateTime At, double Before, double After);
