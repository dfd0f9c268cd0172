using Duel.Web.Replays;

namespace Duel.Web.Api;

/// <summary>
/// A finished battle's replay for bots and tools (README "Replays"): both sides' code over time, their
/// runs and submissions, the result. Anyone signed in may read any battle's replay, as anyone may watch
/// a battle live; a battle still running has none yet (409).
/// </summary>
public static class ReplayEndpoints
{
    public static RouteGroupBuilder MapReplayEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/battles/{id}/replay", async (string id, BattleReplays replays, CancellationToken ct) =>
        {
            var lookup = await replays.LoadAsync(id, ct);
            // The same serializer options as the page's embedded copy, so both are byte-for-byte the same shape.
            return lookup.Replay is { } replay
                ? Results.Json(replay, Replay.Json)
                : ApiResults.Error(lookup.StatusCode, lookup.Message);
        }).RequireAuthorization();
        return api;
    }
}
