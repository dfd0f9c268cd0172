using System.Collections.Immutable;
using Duel.Grains.Runtime;

namespace Duel.Grains.Players;

/// <summary>A player's persistent state. Immutable: turns replace it with <c>with</c>.</summary>
[GenerateSerializer, Alias("duel.PlayerState")]
public sealed record PlayerState : DuelState
{
    [Id(0)]
    public PlayerPhase Phase { get; init; } = PlayerPhase.New;
    [Id(1)]
    public string Name { get; init; } = "";
    [Id(2)]
    public DateTimeOffset CreatedAt { get; init; }
    [Id(3)]
    public double Rating { get; init; } = 1500;
    [Id(4)]
    public double Deviation { get; init; } = 350;
    [Id(5)]
    public double Volatility { get; init; } = 0.06;
    [Id(6)]
    public int Wins { get; init; }
    [Id(7)]
    public int Losses { get; init; }
    [Id(8)]
    public int Draws { get; init; }
    [Id(9)]
    public ActivityKind Activity { get; init; } = ActivityKind.Idle;
    [Id(10)]
    public string? Queue { get; init; }
    [Id(11)]
    public string? BattleId { get; init; }
    [Id(12)]
    public ImmutableSortedSet<string> Solved { get; init; } = [];

    /// <summary>The last battle applied by FinishBattle, so a replay changes nothing.</summary>
    [Id(13)]
    public string? LastFinishedBattle { get; init; }
}
