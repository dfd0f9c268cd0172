using Duel.Grains.Catalogue;
using Duel.Web.Accounts;
using Duel.Web.Lobby;
using Duel.Web.Infrastructure;
using Duel.Web.Practice;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Duel.Web.Pages.Practice;

/// <summary>
/// <c>/practice/{challenge}</c>: names the recorded win the player would race (a random recent one) and
/// starts the practice for exactly that ghost. Reached from the lobby and from the queue while no one comes.
/// </summary>
[Authorize]
public sealed class PracticeModel(ChallengeCatalogue catalogue, GhostQueries queries, Practices practices) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "challenge")]
    public string Slug { get; set; } = "";

    public GhostCandidate? Ghost { get; private set; }

    public string? Error { get; private set; }

    public string Title(string slug) => catalogue.Find(slug)?.Title ?? slug;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!catalogue.IsKnown(Slug)) return NotFound();
        Ghost = await queries.FindAsync(Slug, battleId: null, ct);
        return Page();
    }

    /// <summary>Starts the practice against the ghost the page showed; a refusal re-renders the offer with the reason.</summary>
    public async Task<IActionResult> OnPostStartAsync(string? ghost, CancellationToken ct)
    {
        if (!catalogue.IsKnown(Slug)) return NotFound();
        var result = await practices.StartAsync(User.RequiredPlayerId(), Slug, ghost, ct);
        if (result.BattleId is { } battle) return HttpContext.NavigateTo($"/battles/{battle}");
        Response.StatusCode = result.Status;
        Error = result.Error;
        return Partial("Partials/_Offer", this);
    }
}
