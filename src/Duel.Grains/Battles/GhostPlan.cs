using System.Collections.Immutable;

namespace Duel.Grains.Battles;

/// <summary>
/// A practice battle's opponent: the recorded run of a past winner on the same challenge. The battle
/// plays its <see cref="Steps"/> at the recorded offsets from its own start: each submission appears when
/// it was made and its recorded verdict lands when it was judged, so the race has the original's timing.
/// </summary>
[GenerateSerializer, Alias("duel.GhostPlan")]
public sealed record GhostPlan(
    [property: Id(0)] GhostSource Source,
    [property: Id(1)] string Name,
    [property: Id(2)] double Rating,
    [property: Id(3)] ImmutableList<GhostStep> Steps,
    [property: Id(4)] double Deviation = 0)
{
    /// <summary>Builds the plan from the source battle's view: the winner's runs and submissions, judged ones only.</summary>
    public static GhostPlan From(BattleView source, string playerId)
    {
        var player = source.Players.Find(p => p.Id == playerId)
            ?? throw new ArgumentException($"{playerId} did not play battle {source.Id}", nameof(playerId));
        var steps = source.Submissions
            .Where(s => s.PlayerId == playerId && s.Status == SubmissionStatus.Judged && s.SubmittedAt <= (source.FinishedAt ?? s.SubmittedAt))
            .Select(s => new GhostStep(s.SubmittedAt - source.StartedAt, (s.JudgedAt ?? s.SubmittedAt) - source.StartedAt,
                s.Kind, s.Verdict ?? "error", s.Passed, s.Total, s.Message))
            .ToImmutableList();
        return new GhostPlan(new GhostSource(source.Id, playerId), player.Name, player.Rating, steps, player.Deviation);
    }
}

/// <summary>One recorded run or submission: when it was made, when its verdict came, and the verdict.</summary>
[GenerateSerializer, Alias("duel.GhostStep")]
public sealed record GhostStep(
    [property: Id(0)] TimeSpan SubmittedAfter,
    [property: Id(1)] TimeSpan JudgedAfter,
    [property: Id(2)] SubmissionKind Kind,
    [property: Id(3)] string Verdict,
    [property: Id(4)] int Passed,
    [property: Id(5)] int Total,
    [property: Id(6)] string? Message);
