using Duel.Grains.Catalogue;
using Duel.Web.Accounts;
using Duel.Web.Lobby;
using Duel.Web.Practice;

namespace Duel.Web.Api;

/// <summary>Practice against a ghost, for bots and tools (README "Practice against a ghost").</summary>
public static class PracticeEndpoints
{
    public sealed record StartBody(string? Ghost);

    public static RouteGroupBuilder MapPracticeEndpoints(this RouteGroupBuilder api)
    {
        var practice = api.MapGroup("/practice/{challenge}").RequireAuthorization();
        practice.MapGet("/", async (string challenge, ChallengeCatalogue catalogue, GhostQueries queries, CancellationToken ct) =>
        {
            if (!catalogue.IsKnown(challenge)) return ApiResults.Error(404, $"There is no challenge '{challenge}'.");
            return await queries.FindAsync(challenge, null, ct) is { } ghost
                ? Results.Ok(ghost)
                : ApiResults.Error(404, "There is no recorded win to race on this challenge yet.");
        });
        practice.MapPost("/", async (string challenge, StartBody? body, HttpContext http, ChallengeCatalogue catalogue,
            Practices practices, CancellationToken ct) =>
        {
            if (!catalogue.IsKnown(challenge)) return ApiResults.Error(404, $"There is no challenge '{challenge}'.");
            var result = await practices.StartAsync(http.User.RequiredPlayerId(), challenge, body?.Ghost, ct);
            return result.Error is null
                ? Results.Ok(new { battleId = result.BattleId })
                : Results.Json(new { error = result.Error, battleId = result.BattleId }, statusCode: result.Status);
        });
        return api;
    }
}
