using Duel.Grains.Battles;

namespace Duel.Web.Replays;

/// <summary>Turns stored snapshots and submissions into a replay's steps and markers (no I/O).</summary>
public static class ReplayTimeline
{
    /// <summary>
    /// Steps from snapshots in sequence order, as offsets from <paramref name="origin"/>, up to
    /// <paramref name="durationMs"/>; then <paramref name="finalCode"/> at the end when it differs from
    /// the last step.
    /// </summary>
    /// <remarks>
    /// Sequence order is the player's own order, but arrival times on two web nodes (after a reload)
    /// can disagree by a few milliseconds, so an offset never goes below the one before it: a player's
    /// later code is never shown before their earlier code. The final code is added at the end because
    /// the last edit's debounced snapshot can arrive just after the winning verdict finished the battle.
    /// </remarks>
    public static IReadOnlyList<ReplayStep> Steps(IEnumerable<TimelineRow> rows, DateTimeOffset origin, long durationMs, string? finalCode)
    {
        var steps = new List<ReplayStep>();
        var floor = 0L;
        foreach (var row in rows)
        {
            var offset = Math.Max(floor, OffsetMs(row.At, origin));
            if (offset > durationMs) break;
            floor = offset;
            // An unchanged snapshot (a resend after a throttle or a reconnect) shows nothing new.
            if (steps.Count > 0 && steps[^1].Code == row.Code) continue;
            steps.Add(new ReplayStep(offset, row.Code));
        }
        if (finalCode is not null && (steps.Count == 0 || steps[^1].Code != finalCode))
            steps.Add(new ReplayStep(durationMs, finalCode));
        return steps;
    }

    /// <summary>One side's runs and submissions in the order they were made, placed within the battle.</summary>
    public static IReadOnlyList<ReplaySubmission> Submissions(BattleView view, string playerId, long durationMs) =>
    [
        .. view.Submissions
            .Where(s => s.PlayerId == playerId)
            .OrderBy(s => s.SubmittedAt)
            .Select(s => new ReplaySubmission(s.Id, Math.Min(durationMs, OffsetMs(s.SubmittedAt, view.StartedAt)), s.Kind,
                s.Status == SubmissionStatus.Judged ? s.Verdict : null, s.Passed, s.Total)),
    ];

    /// <summary>Whole milliseconds after <paramref name="origin"/>, never negative (a snapshot sent while the page was loading).</summary>
    public static long OffsetMs(DateTimeOffset at, DateTimeOffset origin) => Math.Max(0L, (long)(at - origin).TotalMilliseconds);
}
