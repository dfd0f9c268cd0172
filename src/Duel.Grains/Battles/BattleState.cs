using System.Collections.Immutable;

namespace Duel.Grains.Battles;

/// <summary>
/// A battle's persistent state. Immutable: turns replace it with <c>with</c>. Submitted code is not
/// kept here (it travels in the job payload), so the state stays small.
/// </summary>
public sealed record BattleState
{
    public BattlePhase Phase { get; init; } = BattlePhase.None;
    public string Challenge { get; init; } = "";
    public string? Queue { get; init; }
    public string? RematchOf { get; init; }
    public int TotalTests { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset Deadline { get; init; }
    public ImmutableList<BattlePlayer> Players { get; init; } = [];
    public ImmutableList<Submission> Submissions { get; init; } = [];
    public DateTimeOffset? FinishedAt { get; init; }
    public BattleResultView? Result { get; init; }
    public RematchOffer? Rematch { get; init; }
}
