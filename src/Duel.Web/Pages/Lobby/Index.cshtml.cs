using Duel.Grains.Catalogue;
using Duel.Grains.Matchmaking;
using Duel.Grains.Players;
using Duel.Grains.Runtime;
using Duel.Web.Accounts;
using Duel.Web.Infrastructure;
using Duel.Web.Lobby;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Duel.Web.Pages.Lobby;

public sealed class IndexModel(ChallengeCatalogue catalogue, LobbyQueries queries, IGrainFactory grains)
    : PageModel
{
    public IReadOnlyList<Challenge> Challenges => catalogue.All;

    public IReadOnlySet<string> Solved { get; private set; } = new HashSet<string>();

    public PlayerActivity? Activity { get; private set; }

    public LobbySnapshot Live { get; private set; } = new([], [], []);

    public IReadOnlyDictionary<string, ChallengeStats> Stats { get; private set; } = new Dictionary<string, ChallengeStats>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (User.PlayerId() is { } me)
        {
            var profile = await grains.Player(me).GetProfile();
            Solved = profile.Solved.ToHashSet();
            Activity = profile.Activity;
        }
        Live = await LiveAsync(ct);
        Stats = await queries.ChallengeStatsAsync(ct);
    }

    public async Task<IActionResult> OnGetLiveAsync(CancellationToken ct) =>
        Partial("Partials/_Live", await LiveAsync(ct) with { Poll = true });

    /// <summary>Joins a queue: a match goes straight to the battle, otherwise to the queue page.</summary>
    public async Task<IActionResult> OnPostFindAsync(string queue, CancellationToken ct)
    {
        if (User.PlayerId() is not { } me) return HttpContext.NavigateTo("/account/login");
        if (!catalogue.IsKnown(queue)) return NotFound();
        var result = await grains.Matchmaker(queue).Join(me);
        switch (result.Status)
        {
            case JoinStatus.Matched:
                return HttpContext.NavigateTo($"/battles/{result.BattleId}");
            case JoinStatus.InBattle when result.BattleId is { } battle:
                return HttpContext.NavigateTo($"/battles/{battle}");
            case JoinStatus.Queued:
                return HttpContext.NavigateTo($"/queue/{queue}");
            case JoinStatus.QueuedElsewhere:
                return Content($"You are already waiting in \"{result.OtherQueue}\". Cancel that first: /queue/{result.OtherQueue}");
            default:
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Content(result.Message);
        }
    }

    private async Task<LobbySnapshot> LiveAsync(CancellationToken ct) =>
        new(WithViewer(await queries.OnlineAsync(50, ct)), await queries.QueuesAsync(ct), await queries.LeaderboardAsync(10, 0, ct));

    /// <summary>
    /// The signed-in viewer is online by looking at this page: their presence row is written only once
    /// the page's hub connection is up, after this render, and the next poll is 5 s away.
    /// </summary>
    private IReadOnlyList<string> WithViewer(IReadOnlyList<string> online) =>
        User.PlayerName() is { } me && !online.Contains(me, StringComparer.OrdinalIgnoreCase)
            ? [.. online.Append(me).Order(StringComparer.OrdinalIgnoreCase)]
            : online;
}
