using Orleans.Dashboard;

namespace Duel.Web.Admin;

/// <summary>
/// The Orleans Dashboard (calls/s and latency per grain method and silo) for operators only. It sits
/// under /admin so the operator cookie (path /admin) reaches it, behind the same policy as /admin/cluster;
/// a player's own session does not open it.
/// </summary>
public static class OrleansDashboardEndpoints
{
    public const string Path = "/admin/orleans";

    public static IEndpointRouteBuilder MapDuelDashboard(this IEndpointRouteBuilder app)
    {
        app.MapOrleansDashboard(routePrefix: Path).RequireAuthorization(WebRegistrations.OperatorPolicy);
        return app;
    }
}
