using Duel.Grains.Runtime;

namespace Duel.Grains.Invites;

/// <summary>An invite's persistent state. <see cref="BattleId"/> is fixed before the battle starts (accepting protocol).</summary>
[GenerateSerializer, Alias("duel.InviteState")]
public sealed record InviteState : DuelState
{
    [Id(0)]
    public InvitePhase Phase { get; init; }
    [Id(1)]
    public string CreatorId { get; init; } = "";
    [Id(2)]
    public string CreatorName { get; init; } = "";
    [Id(3)]
    public string? Challenge { get; init; }
    [Id(4)]
    public bool Rated { get; init; }
    [Id(5)]
    public DateTimeOffset ExpiresAt { get; init; }
    [Id(6)]
    public string? FriendId { get; init; }
    [Id(7)]
    public string? BattleId { get; init; }
    [Id(8)]
    public string? BattleChallenge { get; init; }
}
