using Duel.Grains.Players;

namespace Duel.Grains.Matchmaking;

/// <summary>The refusals a join can meet, phrased for the player.</summary>
internal static class JoinResults
{
    public static JoinResult Refused(string queue, JoinStatus status, string message) => new(status, queue, 0, 0, null, null, message);

    /// <summary>Why the player may not join <paramref name="queue"/>; null when idle or already queued there.</summary>
    public static JoinResult? Refusal(string queue, PlayerProfile profile) => profile switch
    {
        { Exists: false } => Refused(queue, JoinStatus.NotRegistered, "Register a name first."),
        { Activity.Kind: ActivityKind.InBattle } => new(JoinStatus.InBattle, queue, 0, 0, profile.Activity.BattleId, null,
            "You are in a battle; finish it first."),
        { Activity.Kind: ActivityKind.Queued } when profile.Activity.Queue != queue =>
            new(JoinStatus.QueuedElsewhere, queue, 0, 0, null, profile.Activity.Queue,
                $"You are queued in {profile.Activity.Queue}; leave it first."),
        _ => null,
    };

    /// <summary>A refused queue entry, as the player grain explained it under its lock.</summary>
    public static JoinResult FromActivity(string queue, ActivityResult result) => result.Status switch
    {
        ActivityStatus.NotRegistered => Refused(queue, JoinStatus.NotRegistered, result.Message),
        ActivityStatus.AlreadyQueued => new(JoinStatus.QueuedElsewhere, queue, 0, 0, null, result.Activity.Queue, result.Message),
        _ => new(JoinStatus.InBattle, queue, 0, 0, result.Activity.BattleId, null, result.Message),
    };
}
