using System.Text;
using Duel.Grains.Battles;
using Duel.Grains.Runtime;
using Duel.Web.Accounts;
using Duel.Web.Battles;
using Duel.Web.Infrastructure;
using Duel.Web.Mirroring;
using Duel.Web.Practice;
using Duel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Duel.Web.Pages.Battles;

/// <summary>A player's battle page and its commands. Only the battle's two players get here; others get 403.</summary>
public sealed class BattleModel(BattleScreens screens, CodeSnapshotStore snapshots, Practices practices, IGrainFactory grains, RateLimits limits,
    IOptions<BattleOptions> options) : PageModel
{
    private const string Results = "~/Pages/Battles/Partials/_Results.cshtml";
    private const string Panel = "~/Pages/Battles/Partials/_Panel.cshtml";

    public ArenaModel? Arena { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var screen = await screens.LoadAsync(id, User.PlayerId(), ct);
        if (screen is null) return NotFound();
        if (!screen.IsPlayer) return StatusCode(StatusCodes.Status403Forbidden);
        Arena = new ArenaModel(screen, await snapshots.LatestAsync(id, ct), await practices.PlaybackAsync(screen.View, ct));
        return Page();
    }

    /// <summary>Every region at once (out-of-band): after a missed event or a reconnect.</summary>
    public async Task<IActionResult> OnGetPanelAsync(string id, CancellationToken ct)
    {
        var screen = await screens.LoadAsync(id, User.PlayerId(), ct);
        return screen is null ? NotFound() : Partial(Panel, screen);
    }

    public Task<IActionResult> OnPostRunAsync(string id, [FromForm] string? code, CancellationToken ct) =>
        JudgeAsync(id, code, SubmissionKind.Run, ct);

    public Task<IActionResult> OnPostSubmitAsync(string id, [FromForm] string? code, CancellationToken ct) =>
        JudgeAsync(id, code, SubmissionKind.Submit, ct);

    public Task<IActionResult> OnPostForfeitAsync(string id, CancellationToken ct) =>
        CommandAsync(id, (battle, me) => battle.Forfeit(me), ct);

    public Task<IActionResult> OnPostRematchAsync(string id, CancellationToken ct) =>
        CommandAsync(id, (battle, me) => battle.OfferRematch(me), ct);

    public async Task<IActionResult> OnPostAcceptRematchAsync(string id, CancellationToken ct)
    {
        var me = User.RequiredPlayerId();
        var result = await grains.Battle(id).AcceptRematch(me);
        if (result is { Succeeded: true, BattleId: { } next }) return HttpContext.NavigateTo($"/battles/{next}");
        return await CommandAsync(id, (_, _) => Task.FromResult(result), ct);
    }

    private async Task<IActionResult> JudgeAsync(string id, string? code, SubmissionKind kind, CancellationToken ct)
    {
        var me = User.RequiredPlayerId();
        var screen = await screens.LoadAsync(id, me, ct);
        if (screen is null) return NotFound();
        if (!screen.IsPlayer) return Refuse(screen, StatusCodes.Status403Forbidden, "You are not a player in this battle.");
        code ??= "";
        var bytes = Encoding.UTF8.GetByteCount(code);
        if (bytes > options.Value.MaxCodeBytes)
        {
            return Refuse(screen, StatusCodes.Status413PayloadTooLarge,
                $"Your code is {bytes / 1024.0:0.#} KiB; the limit is {options.Value.MaxCodeBytes / 1024} KiB. Nothing was sent.");
        }
        if (limits.Judge(me) is { IsAllowed: false } limited)
            return Refuse(screen, StatusCodes.Status429TooManyRequests, limited.Message(kind == SubmissionKind.Run ? "runs" : "submissions"));

        var battle = grains.Battle(id);
        var result = kind == SubmissionKind.Run ? await battle.Run(me, code) : await battle.Submit(me, code);
        if (!result.Succeeded) return Refuse(screen, StatusOf(result.Status), result.Message);
        var fresh = await screens.LoadAsync(id, me, ct);
        return Partial(Results, fresh ?? screen);
    }

    private async Task<IActionResult> CommandAsync(string id, Func<IBattleGrain, string, Task<BattleCommandResult>> command,
        CancellationToken ct)
    {
        var me = User.RequiredPlayerId();
        var screen = await screens.LoadAsync(id, me, ct);
        if (screen is null) return NotFound();
        if (!screen.IsPlayer) return StatusCode(StatusCodes.Status403Forbidden);
        var result = await command(grains.Battle(id), me);
        var fresh = await screens.LoadAsync(id, me, ct) ?? screen;
        if (!result.Succeeded)
        {
            Response.StatusCode = StatusOf(result.Status);
            return Partial(Panel, fresh with { Error = result.Message });
        }
        return Partial(Panel, fresh);
    }

    private PartialViewResult Refuse(BattleScreen screen, int status, string message)
    {
        Response.StatusCode = status;
        return Partial(Results, screen with { Error = message });
    }

    internal static int StatusOf(BattleCommandStatus status) => status switch
    {
        BattleCommandStatus.NotAPlayer => StatusCodes.Status403Forbidden,
        BattleCommandStatus.NotFound => StatusCodes.Status404NotFound,
        BattleCommandStatus.CodeTooLarge => StatusCodes.Status413PayloadTooLarge,
        BattleCommandStatus.EmptyCode => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status409Conflict,
    };
}
