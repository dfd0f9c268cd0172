using Duel.Grains.Battles;
using Duel.Grains.Catalogue;
using Duel.Grains.Runtime;
using Duel.Web.Battles;
using Duel.Web.Mirroring;

namespace Duel.Web.Replays;

/// <summary>
/// Loads a finished battle's replay: the grain's view (sides, submissions, result, times), each side's
/// code timeline and final code. A practice battle's ghost side takes its code from the battle it was
/// recorded in, at the same offsets from that battle's start.
/// </summary>
public sealed class BattleReplays(IGrainFactory grains, ReplayQueries queries, CodeSnapshotStore snapshots, ChallengeCatalogue catalogue)
{
    public async Task<ReplayLookup> LoadAsync(string battleId, CancellationToken ct)
    {
        if (!BattleIds.IsWellFormed(battleId)) return ReplayLookup.NotFound;
        var view = await grains.Battle(battleId).GetView();
        if (!view.Exists) return ReplayLookup.NotFound;
        if (view.Phase != BattlePhase.Finished || view.FinishedAt is null) return ReplayLookup.NotFinished;
        return new ReplayLookup(ReplayStatus.Ok, await BuildAsync(view, ct));
    }

    /// <summary>The replay of a finished battle's view (public for tests that shape the view, e.g. a ghost's).</summary>
    public async Task<Replay> BuildAsync(BattleView view, CancellationToken ct)
    {
        var durationMs = ReplayTimeline.OffsetMs(view.FinishedAt ?? view.StartedAt, view.StartedAt);
        var ghost = view.Ghost;
        var live = view.Players.Where(p => !IsGhost(ghost, p.Id)).Select(p => p.Id).ToList();
        var timelines = await queries.TimelinesAsync(view.Id, live, ct);
        var latest = await snapshots.LatestAsync(view.Id, ct);
        var ghostTimeline = ghost is null ? ([], view.StartedAt) : await GhostTimelineAsync(ghost, ct);

        var sides = view.Players.Select(p =>
        {
            var isGhost = IsGhost(ghost, p.Id);
            var (rows, origin) = isGhost ? ghostTimeline : (timelines.GetValueOrDefault(p.Id) ?? [], view.StartedAt);
            var steps = ReplayTimeline.Steps(rows, origin, durationMs, latest.GetValueOrDefault(p.Id)?.Code);
            return new ReplaySide(p.Id, p.Name, isGhost, steps, ReplayTimeline.Submissions(view, p.Id, durationMs),
                steps.Count > 0 ? steps[^1].Code : "");
        }).ToList();

        var result = view.Result is { } r
            ? new ReplayResult(r.Outcome, r.WinnerId, view.Players.FirstOrDefault(p => p.Id == r.WinnerId)?.Name, r.Reason)
            : null;
        return new Replay(view.Id, view.Challenge, catalogue.Find(view.Challenge)?.Title ?? view.Challenge, view.StartedAt,
            durationMs, result, sides);
    }

    /// <summary>A practice battle's ghost: the recorded player's code as steps from the start of the battle it was recorded in.</summary>
    public async Task<IReadOnlyList<ReplayStep>> GhostStepsAsync(GhostSource ghost, CancellationToken ct)
    {
        var (rows, origin) = await GhostTimelineAsync(ghost, ct);
        return ReplayTimeline.Steps(rows, origin, long.MaxValue, finalCode: null);
    }

    private static bool IsGhost(GhostSource? ghost, string playerId) => ghost is not null && playerId == GhostSource.SideId;

    /// <summary>The recorded player's snapshots and the start of the battle they were recorded in (their offsets' origin).</summary>
    private async Task<(IReadOnlyList<TimelineRow> Rows, DateTimeOffset Origin)> GhostTimelineAsync(GhostSource ghost, CancellationToken ct)
    {
        if (!BattleIds.IsWellFormed(ghost.BattleId)) return ([], default);
        var source = await grains.Battle(ghost.BattleId).GetView();
        if (!source.Exists) return ([], default);
        var timelines = await queries.TimelinesAsync(ghost.BattleId, [ghost.PlayerId], ct);
        return (timelines.GetValueOrDefault(ghost.PlayerId) ?? [], source.StartedAt);
    }
}
