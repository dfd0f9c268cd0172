namespace Duel.Web.Admin;

public sealed record MemberRow(string Id, string Role, string Address, DateTime StartedAt, DateTime HeartbeatAt, string Load, bool Alive);
