using Duel.Grains.Invites;
using Duel.Grains.Runtime;
using Duel.Web.Accounts;
using Duel.Web.Invites;

namespace Duel.Web.Api;

/// <summary>Duel a friend by link, for bots and tools: create, read, accept, cancel (README "Invites").</summary>
public static class InviteEndpoints
{
    public sealed record CreateBody(string? Challenge, bool? Rated);

    public static RouteGroupBuilder MapInviteEndpoints(this RouteGroupBuilder api)
    {
        var invites = api.MapGroup("/invites").RequireAuthorization();
        invites.MapPost("/", async (CreateBody? body, HttpContext http, IGrainFactory grains) =>
        {
            var code = InviteCodes.NewCode();
            var result = await grains.Invite(code).Create(http.User.RequiredPlayerId(), body?.Challenge, body?.Rated ?? false);
            return result.Succeeded
                ? Results.Ok(await grains.Invite(code).Get())
                : ApiResults.Error(InviteCodes.StatusOf(result.Status), result.Message);
        });
        invites.MapGet("/{code}", async (string code, IGrainFactory grains) =>
            InviteCodes.IsWellFormed(code) && await grains.Invite(code).Get() is { Exists: true } view
                ? Results.Ok(view)
                : ApiResults.Error(404, "There is no such invite."));
        invites.MapPost("/{code}/accept", (string code, HttpContext http, IGrainFactory grains) =>
            CommandAsync(code, () => grains.Invite(code).Accept(http.User.RequiredPlayerId())));
        invites.MapPost("/{code}/cancel", (string code, HttpContext http, IGrainFactory grains) =>
            CommandAsync(code, () => grains.Invite(code).Cancel(http.User.RequiredPlayerId())));
        return api;
    }

    private static async Task<IResult> CommandAsync(string code, Func<Task<InviteResult>> command)
    {
        if (!InviteCodes.IsWellFormed(code)) return ApiResults.Error(404, "There is no such invite.");
        var result = await command();
        return result.Succeeded ? Results.Ok(result) : Results.Json(result, statusCode: InviteCodes.StatusOf(result.Status));
    }
}
