using System.Text;
using Duel.Grains.Battles;
using Duel.Grains.Catalogue;
using Duel.Grains.Runtime;
using Duel.Web.Accounts;
using Duel.Web.Battles;
using Duel.Web.Lobby;
using Duel.Web.Pages.Battles;
using Duel.Web.Players;
using Duel.Web.Security;
using Microsoft.Extensions.Options;

namespace Duel.Web.Api;

/// <summary>Challenges, queues, battles and players for bots and tools (see docs/api.md).</summary>
public static class GameEndpoints
{
    public static RouteGroupBuilder MapGameEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/challenges", (ChallengeCatalogue catalogue) => catalogue.All.Select(ChallengeDto.From));
        api.MapGet("/challenges/{slug}", (string slug, ChallengeCatalogue catalogue) =>
            catalogue.Find(slug) is { } c ? Results.Ok(ChallengeDto.From(c)) : ApiResults.Error(404, $"There is no challenge '{slug}'."));

        var queue = api.MapGroup("/queue/{queue}").RequireAuthorization();
        queue.MapGet("/", (string queue, HttpContext http, IGrainFactory grains, ChallengeCatalogue catalogue) =>
            Known(catalogue, queue, () => grains.Matchmaker(queue).Status(http.User.RequiredPlayerId())));
        queue.MapPost("/join", (string queue, HttpContext http, IGrainFactory grains, ChallengeCatalogue catalogue) =>
            Known(catalogue, queue, () => grains.Matchmaker(queue).Join(http.User.RequiredPlayerId())));
        queue.MapPost("/leave", (string queue, HttpContext http, IGrainFactory grains, ChallengeCatalogue catalogue) =>
            Known(catalogue, queue, () => grains.Matchmaker(queue).Leave(http.User.RequiredPlayerId())));

        var battle = api.MapGroup("/battles/{id}").RequireAuthorization();
        // The full view: the API lists every one of the caller's runs and submissions with its tests.
        battle.MapGet("/", async (string id, HttpContext http, IGrainFactory grains) =>
            BattleIds.IsWellFormed(id) && await grains.Battle(id).GetView() is { Exists: true } view
                ? Results.Ok(BattleDto.From(view, http.User.PlayerId(), view.Seq))
                : ApiResults.Error(404, "There is no such battle."));
        battle.MapPost("/run", (string id, CodeBody body, HttpContext http, IServiceProvider sp, CancellationToken ct) =>
            JudgeAsync(id, body.Code, SubmissionKind.Run, http, sp, ct));
        battle.MapPost("/submit", (string id, CodeBody body, HttpContext http, IServiceProvider sp, CancellationToken ct) =>
            JudgeAsync(id, body.Code, SubmissionKind.Submit, http, sp, ct));
        battle.MapPost("/forfeit", async (string id, HttpContext http, IGrainFactory grains) =>
            Command(await grains.Battle(id).Forfeit(http.User.RequiredPlayerId())));

        api.MapGet("/players/{name}", async (string name, AccountStore accounts, IGrainFactory grains, ProfileQueries queries,
            CancellationToken ct) =>
        {
            if (!PlayerName.IsValid(name) || await accounts.FindByNameAsync(name, ct) is not { } account)
                return ApiResults.Error(404, $"There is no player '{name}'.");
            var profile = await grains.Player(account.PlayerId).GetProfile();
            return Results.Ok(new { profile, recent = await queries.RecentAsync(account.PlayerId, 20, ct) });
        });
        return api;
    }

    private static async Task<IResult> Known<T>(ChallengeCatalogue catalogue, string queue, Func<Task<T>> call) =>
        catalogue.IsKnown(queue) ? Results.Ok(await call()) : ApiResults.Error(404, $"There is no queue '{queue}'.");

    private static async Task<IResult> JudgeAsync(string id, string? code, SubmissionKind kind, HttpContext http,
        IServiceProvider sp, CancellationToken ct)
    {
        var me = http.User.RequiredPlayerId();
        var max = sp.GetRequiredService<IOptions<BattleOptions>>().Value.MaxCodeBytes;
        code ??= "";
        var bytes = Encoding.UTF8.GetByteCount(code);
        if (bytes > max) return ApiResults.Error(413, $"The code is {bytes / 1024.0:0.#} KiB; the limit is {max / 1024} KiB.");
        if (!BattleIds.IsWellFormed(id)) return ApiResults.Error(404, "There is no such battle.");
        if (sp.GetRequiredService<RateLimits>().Judge(me) is { IsAllowed: false } limited)
            return ApiResults.Error(429, limited.Message(kind == SubmissionKind.Run ? "runs" : "submissions"));
        var grain = sp.GetRequiredService<IGrainFactory>().Battle(id);
        var result = kind == SubmissionKind.Run ? await grain.Run(me, code) : await grain.Submit(me, code);
        return Command(result);
    }

    private static IResult Command(BattleCommandResult result) => result.Succeeded
        ? Results.Ok(result)
        : Results.Json(result, statusCode: BattleModel.StatusOf(result.Status));
}
