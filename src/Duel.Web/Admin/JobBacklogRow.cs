namespace Duel.Web.Admin;

public sealed record JobBacklogRow(string Queue, string Status, int Count, double OldestSeconds);
