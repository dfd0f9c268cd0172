using System.Collections.Immutable;
using Duel.Grains.Players;
using Duel.Grains.Runtime;

namespace Duel.Grains.Battles;

/// <summary>
/// A battle's persistent state. Immutable: turns replace it with <c>with</c>. Submitted code is not
/// kept here (it travels in the job payload), so the state stays small.
/// </summary>
[GenerateSerializer, Alias("duel.BattleState")]
public sealed record BattleState : DuelState
{
    [Id(0)]
    public BattlePhase Phase { get; init; } = BattlePhase.None;
    [Id(1)]
    public string Challenge { get; init; } = "";
    [Id(2)]
    public string? Queue { get; init; }
    [Id(3)]
    public string? RematchOf { get; init; }
    [Id(4)]
    public int TotalTests { get; init; }
    [Id(5)]
    public DateTimeOffset StartedAt { get; init; }
    [Id(6)]
    public DateTimeOffset Deadline { get; init; }
    [Id(7)]
    public ImmutableList<BattlePlayer> Players { get; init; } = [];
    [Id(8)]
    public ImmutableList<Submission> Submissions { get; init; } = [];
    [Id(9)]
    public DateTimeOffset? FinishedAt { get; init; }
    [Id(10)]
    public BattleResultView? Result { get; init; }
    [Id(11)]
    public RematchOffer? Rematch { get; init; }

    /// <summary>Players whose rating and record have not yet taken this battle's result (finishing protocol).</summary>
    [Id(12)]
    public ImmutableList<PlayerBattleResult> PendingResults { get; init; } = [];

    /// <summary>The history row is written (finishing protocol).</summary>
    [Id(13)]
    public bool HistoryRecorded { get; init; }

    /// <summary>A casual battle (from an invite) changes no rating; rated is the default.</summary>
    [Id(14)]
    public bool Casual { get; init; }

    /// <summary>A practice battle against a recorded winner; the ghost side's id is <see cref="GhostSource.SideId"/>.</summary>
    [Id(15)]
    public GhostPlan? Ghost { get; init; }
}
