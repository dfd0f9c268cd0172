using Duel.Grains.Battles;
using Duel.Grains.Matchmaking;
using Duel.Grains.Players;
using Duel.Grains.Runtime;
using Duel.Web.Replays;

namespace Duel.Web.Practice;

/// <summary>How a practice start ended: the new battle, or why not (with an HTTP status for the API and pages).</summary>
public sealed record PracticeStart(string? BattleId, string? Error = null, int Status = StatusCodes.Status200OK)
{
    public static PracticeStart Refused(int status, string error) => new(null, error, status);
}

/// <summary>Starts solo practice battles against a recorded winner (<see cref="GhostPlan"/>).</summary>
public sealed class Practices(IGrainFactory grains, GhostQueries queries, BattleReplays replays, TimeProvider clock)
{
    /// <summary>
    /// Leaves the player's queue if they are waiting (practice replaces waiting), then starts a practice on
    /// <paramref name="challenge"/> (<c>any</c>: any challenge with a recorded win) against a random recent
    /// winner, or the one of <paramref name="sourceBattleId"/>.
    /// </summary>
    public async Task<PracticeStart> StartAsync(string playerId, string challenge, string? sourceBattleId, CancellationToken ct)
    {
        var player = grains.Player(playerId);
        var activity = (await player.GetProfile()).Activity;
        if (activity.BattleId is { } current)
        {
            return new PracticeStart(current, "You are in a battle already.", StatusCodes.Status409Conflict);
        }

        if (await queries.FindAsync(challenge, sourceBattleId, ct) is not { } candidate)
        {
            return PracticeStart.Refused(StatusCodes.Status404NotFound, "There is no recorded win to race on this challenge yet.");
        }

        var plan = GhostPlan.From(await grains.Battle(candidate.BattleId).GetView(), candidate.WinnerId);
        if (activity is { Kind: ActivityKind.Queued, Queue: { } queue })
        {
            await grains.Matchmaker(queue).Leave(playerId);
        }

        var battleId = MatchmakerGrain.BattleId();
        var started = await grains.Battle(battleId).Start(BattleStart.Practice(candidate.Challenge, playerId, plan));
        if (started.Started)
        {
            return new PracticeStart(battleId);
        }

        // Matched a moment before leaving the queue: the duel wins over the practice.
        return (await player.GetProfile()).Activity.BattleId is { } matched
            ? new PracticeStart(matched, "An opponent was found.", StatusCodes.Status409Conflict)
            : PracticeStart.Refused(StatusCodes.Status409Conflict, started.Message);
    }

    /// <summary>
    /// What a practice battle's page needs to type the ghost's code: its steps as offsets from this battle's
    /// start, how far the battle is now, and where it ended (no playback after the finish). Null for a duel.
    /// </summary>
    public async Task<GhostPlayback?> PlaybackAsync(BattleView view, CancellationToken ct)
    {
        if (view.Ghost is not { } ghost)
        {
            return null;
        }

        var steps = await replays.GhostStepsAsync(ghost, ct);
        var end = view.FinishedAt is { } finished ? (long)(finished - view.StartedAt).TotalMilliseconds : (long?)null;
        var elapsed = (long)(clock.GetUtcNow() - view.StartedAt).TotalMilliseconds;
        return new GhostPlayback(steps, Math.Min(elapsed, end ?? long.MaxValue), end);
    }
}

/// <summary>The ghost's code steps, the battle's age when the page was rendered, and its length once finished.</summary>
public sealed record GhostPlayback(IReadOnlyList<ReplayStep> Steps, long ElapsedMs, long? EndMs)
{
    /// <summary>The step on screen at <see cref="ElapsedMs"/> and its 1-based number (0: none yet).</summary>
    public (int Seq, string Code) Current()
    {
        var shown = Steps.Count(s => s.OffsetMs <= ElapsedMs);
        return shown == 0 ? (0, "") : (shown, Steps[shown - 1].Code);
    }
}
