using Duel.Web.Lobby;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Duel.Web.Pages.Leaderboard;

public sealed class IndexModel(LobbyQueries queries) : PageModel
{
    public int PageSize => 50;

    public int PageNumber { get; private set; } = 1;

    public IReadOnlyList<LeaderboardRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(int? p, CancellationToken ct)
    {
        PageNumber = Math.Clamp(p ?? 1, 1, 10_000);
        Rows = await queries.LeaderboardAsync(PageSize, (PageNumber - 1) * PageSize, ct);
    }
}
