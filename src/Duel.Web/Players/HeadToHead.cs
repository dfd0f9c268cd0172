namespace Duel.Web.Players;

public sealed record HeadToHead(string Opponent, int Wins, int Losses, int Draws);
