using Duel.Web.Admin;
using Duel.Web.Lobby;
using DuelMetrics = Duel.Web.Observability.DuelMetrics;
using LatencySummary = Duel.Web.Observability.LatencySummary;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Duel.Web.Pages.Admin;

/// <summary>Members, queues, active battles, the job backlog and the Duel meter's figures; refreshed every 5 s by htmx.</summary>
public sealed class ClusterModel(ClusterQueries cluster, LobbyQueries lobby, DuelMetrics metrics, IConfiguration configuration)
    : PageModel
{
    /// <summary>The node that rendered the page: per-node figures are its own.</summary>
    public string Node { get; } = configuration["Duel:Node"] ?? Environment.MachineName;

    public DuelMetrics Meters { get; } = metrics;

    public LatencySummary Verdicts { get; private set; } = LatencySummary.None;

    public IReadOnlyList<MemberRow> Members { get; private set; } = [];

    public IReadOnlyList<ActiveBattleRow> Battles { get; private set; } = [];

    public IReadOnlyList<(string Queue, int Waiting)> Queues { get; private set; } = [];

    public IReadOnlyList<JobBacklogRow> Jobs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Members = await cluster.MembersAsync(ct);
        Battles = await cluster.ActiveBattlesAsync(ct);
        Queues = await lobby.QueuesAsync(ct);
        Jobs = await cluster.JobsAsync(ct);
        Verdicts = Meters.RecentVerdicts.Summary();
    }

    public Task OnGetBodyAsync(CancellationToken ct) => OnGetAsync(ct);
}
