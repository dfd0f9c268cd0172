using Duel.Web.Admin;
using Duel.Web.Lobby;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Duel.Web.Pages.Admin;

/// <summary>Members, queues, active battles and the job backlog; refreshed every 5 s by htmx.</summary>
public sealed class ClusterModel(ClusterQueries cluster, LobbyQueries lobby) : PageModel
{
    public IReadOnlyList<MemberRow> Members { get; private set; } = [];

    public IReadOnlyList<ActiveBattleRow> Battles { get; private set; } = [];

    public IReadOnlyList<(string Queue, int Waiting)> Queues { get; private set; } = [];

    public IReadOnlyList<JobBacklogRow> Jobs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Members = await cluster.MembersAsync(ct);
        Battles = await cluster.ActiveBattlesAsync(ct);
        Queues = await lobby.QueuesAsync();
        Jobs = await cluster.JobsAsync(ct);
    }

    public Task OnGetBodyAsync(CancellationToken ct) => OnGetAsync(ct);
}
