namespace Duel.Web.Players;

public sealed record RecentBattle(string BattleId, string Challenge, string Opponent, string Result, string Reason,
    double RatingBefore, double RatingAfter, DateTime FinishedAt);
