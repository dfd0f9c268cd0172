using System.Collections.Immutable;

namespace Duel.Grains.Players;

/// <summary>A player's persistent state. Immutable: turns replace it with <c>with</c>.</summary>
public sealed record PlayerState
{
    public PlayerPhase Phase { get; init; } = PlayerPhase.New;
    public string Name { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public double Rating { get; init; } = 1500;
    public double Deviation { get; init; } = 350;
    public double Volatility { get; init; } = 0.06;
    public int Wins { get; init; }
    public int Losses { get; init; }
    public int Draws { get; init; }
    public ActivityKind Activity { get; init; } = ActivityKind.Idle;
    public string? Queue { get; init; }
    public string? BattleId { get; init; }
    public ImmutableSortedSet<string> Solved { get; init; } = [];

    /// <summary>The last battle applied by FinishBattle, so a replay changes nothing.</summary>
    public string? LastFinishedBattle { get; init; }
}
