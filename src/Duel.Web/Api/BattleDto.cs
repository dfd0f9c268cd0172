using Duel.Grains.Battles;

namespace Duel.Web.Api;

/// <summary>
/// A battle for one caller: both sides' progress, but run/submit details only for the caller's own
/// submissions (hidden tests carry only index and status, as everywhere). <see cref="Ghost"/> is set on a practice battle.
/// </summary>
public sealed record BattleDto(string Id, string Challenge, string Phase, long Seq, DateTimeOffset StartedAt,
    DateTimeOffset Deadline, DateTimeOffset? FinishedAt, int TotalTests, IReadOnlyList<BattlePlayerView> Players,
    IReadOnlyList<SubmissionView> MySubmissions, BattleResultView? Result, RematchView? Rematch, bool Rated, GhostSource? Ghost)
{
    public static BattleDto From(BattleView v, string? viewerId, long seq) => new(v.Id, v.Challenge,
        v.Phase.ToString().ToLowerInvariant(), seq, v.StartedAt, v.Deadline, v.FinishedAt, v.TotalTests, v.Players,
        [.. v.Submissions.Where(s => s.PlayerId == viewerId)], v.Result, v.Rematch, v.Rated, v.Ghost);
}
