namespace Duel.Web.Lobby;

public sealed record LeaderboardRow(long Rank, string Name, double Rating, double Deviation, int Wins, int Losses, int Draws);
