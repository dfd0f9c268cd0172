namespace Duel.Web.Admin;

public sealed record ActiveBattleRow(string Id, string Challenge, string PlayerA, string PlayerB, DateTime Deadline);
