using Duel.Grains.Players;
using Duel.Grains.Runtime;
using Duel.Web.Accounts;
using Duel.Web.Players;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Duel.Web.Pages.Players;

public sealed class ProfileModel(AccountStore accounts, IGrainFactory grains, ProfileQueries queries) : PageModel
{
    public PlayerProfile? Profile { get; private set; }

    public RatingChart Chart { get; private set; } = new([]);

    public IReadOnlyList<RecentBattle> Recent { get; private set; } = [];

    public IReadOnlyList<HeadToHead> HeadToHead { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken ct)
    {
        if (!PlayerName.IsValid(name) || await accounts.FindByNameAsync(name, ct) is not { } account) return NotFound();
        Profile = await grains.Player(account.PlayerId).GetProfile();
        if (!Profile.Exists) return NotFound();
        Chart = new RatingChart(await queries.HistoryAsync(account.PlayerId, 100, ct));
        Recent = await queries.RecentAsync(account.PlayerId, 15, ct);
        HeadToHead = await queries.HeadToHeadAsync(account.PlayerId, 15, ct);
        return Page();
    }
}
