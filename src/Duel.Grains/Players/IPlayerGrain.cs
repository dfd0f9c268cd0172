using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Duel.Grains.Players;

/// <summary>
/// A player (key: player id, taken from the auth cookie). Holds the display name, the Glicko-2
/// rating, the win / loss / draw record, the current activity — at most one queue or one battle at
/// any time — and the challenges the player has solved.
/// </summary>
/// <remarks>
/// The web calls <see cref="Register"/> and <see cref="GetProfile"/>. The activity methods are called
/// by the matchmaker and battle grains inside their turns; the web must not call them.
/// </remarks>
[Alias("duel.IPlayerGrain")]
public interface IPlayerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the player with a display name (3–24 characters: letters, digits, <c>_</c>, <c>-</c>;
    /// unique ignoring case). Idempotent: a player that exists gets <see cref="RegisterStatus.Existing"/>
    /// with its profile unchanged, so this doubles as "ensure created" for guests.
    /// </summary>
    [Alias("Register")]
    Task<RegisterResult> Register(string name);

    /// <summary>The player's public profile; <see cref="PlayerProfile.Exists"/> is false before registration.</summary>
    [ReadOnly]
    [Alias("GetProfile")]
    Task<PlayerProfile> GetProfile();

    /// <summary>Called by a matchmaker: idle → queued in <paramref name="queue"/>. Queued there already is a success.</summary>
    [Alias("EnterQueue")]
    Task<ActivityResult> EnterQueue(string queue);

    /// <summary>Called by a matchmaker: queued in <paramref name="queue"/> → idle. Anything else is left alone.</summary>
    [Alias("LeaveQueue")]
    Task<ActivityResult> LeaveQueue(string queue);

    /// <summary>
    /// Called by a battle when it starts: idle (or queued in <paramref name="fromQueue"/>) → in battle.
    /// Publishes <c>matched</c> on the player's stream. Answers with the player's profile, entered or not.
    /// </summary>
    [Alias("EnterBattle")]
    Task<ActivityResult> EnterBattle(string battleId, string? fromQueue);

    /// <summary>
    /// Called by a battle whose start failed after this player entered it: in that battle → idle.
    /// Anything else is left alone (a success, so the battle can repeat the call).
    /// </summary>
    [Alias("LeaveBattle")]
    Task<ActivityResult> LeaveBattle(string battleId);

    /// <summary>
    /// Called by a battle when it finishes: applies the new rating and record, adds a solved
    /// challenge, and returns the player to idle. Idempotent per battle id.
    /// </summary>
    [Alias("FinishBattle")]
    Task<ActivityResult> FinishBattle(PlayerBattleResult result);
}

/// <summary>What a player is doing now.</summary>
[GenerateSerializer, Alias("duel.ActivityKind")]
public enum ActivityKind { Idle, Queued, InBattle }

/// <summary>The activity with its queue or battle id.</summary>
[GenerateSerializer, Alias("duel.PlayerActivity")]
public sealed record PlayerActivity(ActivityKind Kind, string? Queue, string? BattleId)
{
    public static PlayerActivity Idle { get; } = new(ActivityKind.Idle, null, null);

    public static PlayerActivity InQueue(string queue) => new(ActivityKind.Queued, queue, null);

    public static PlayerActivity InBattle(string battleId) => new(ActivityKind.InBattle, null, battleId);
}

/// <summary>A player's public profile.</summary>
[GenerateSerializer, Alias("duel.PlayerProfile")]
public sealed record PlayerProfile(
    string Id,
    bool Exists,
    string Name,
    double Rating,
    double Deviation,
    double Volatility,
    int Wins,
    int Losses,
    int Draws,
    PlayerActivity Activity,
    ImmutableList<string> Solved,
    DateTimeOffset CreatedAt);

[GenerateSerializer, Alias("duel.RegisterStatus")]

public enum RegisterStatus { Created, Existing, InvalidName, NameTaken }

/// <summary>Outcome of <see cref="IPlayerGrain.Register"/>; <see cref="Profile"/> is set on Created and Existing.</summary>
[GenerateSerializer, Alias("duel.RegisterResult")]
public sealed record RegisterResult(RegisterStatus Status, PlayerProfile? Profile, string Message)
{
    public bool Succeeded => Status is RegisterStatus.Created or RegisterStatus.Existing;
}

[GenerateSerializer, Alias("duel.ActivityStatus")]

public enum ActivityStatus { Ok, NotRegistered, AlreadyQueued, InBattle, NotQueued, NotInThatBattle }

/// <summary>
/// Outcome of an activity change. On failure <see cref="Activity"/> is what the player is doing
/// instead (e.g. the battle they are in), so callers can say so. <see cref="Profile"/> is the player
/// as the change left them, set by <see cref="IPlayerGrain.EnterBattle"/> (a battle takes its sides from it).
/// </summary>
[GenerateSerializer, Alias("duel.ActivityResult")]
public sealed record ActivityResult(ActivityStatus Status, PlayerActivity Activity, string Message, PlayerProfile? Profile = null)
{
    public bool Succeeded => Status == ActivityStatus.Ok;
}

/// <summary>How a battle ended for one player; Void (both abandoned) changes only the activity.</summary>
[GenerateSerializer, Alias("duel.PlayerOutcome")]
public enum PlayerOutcome { Win, Loss, Draw, Void }

/// <summary>
/// A finished battle as one player sees it. The battle computes both new ratings (it holds both
/// players), so the player only stores them. <see cref="Solved"/> names the challenge when the player
/// passed every test.
/// </summary>
[GenerateSerializer, Alias("duel.PlayerBattleResult")]
public sealed record PlayerBattleResult(
    string BattleId,
    string PlayerId,
    PlayerOutcome Result,
    double Rating,
    double Deviation,
    double Volatility,
    string? Solved);
