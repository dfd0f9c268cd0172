using Duel.Grains.Battles;
using Duel.Grains.Runtime;
using Microsoft.Extensions.Logging;

namespace Duel.Grains.Players;

/// <summary>
/// A player's rating, record and activity. Activity changes come only from the matchmaker and
/// battle grains, and this activation takes them one at a time, so "one queue or battle at a time"
/// holds: a battle can only take a player who is idle or queued in the battle's own queue.
/// </summary>
public sealed class PlayerGrain(
    [PersistentState("player", GrainStorage.Name)] IPersistentState<PlayerState> state,
    GrainServices services,
    ILogger<PlayerGrain> logger) : DuelGrain<PlayerState>(state, services, logger, "player"), IPlayerGrain
{
    private PlayerState S => State;

    private bool Registered => S.Phase == PlayerPhase.Registered;

    public async Task<RegisterResult> Register(string name)
    {
        if (Registered)
        {
            return new(RegisterStatus.Existing, Profile(), $"Already registered as {S.Name}.");
        }

        var trimmed = name?.Trim();
        if (!PlayerNames.IsValid(trimmed))
        {
            return new(RegisterStatus.InvalidName, null, PlayerNames.Rule);
        }

        var names = GrainFactory.PlayerName(PlayerNames.Key(trimmed!));
        if (await names.Claim(Key) != Key)
        {
            return new(RegisterStatus.NameTaken, null, $"The name '{trimmed}' is taken.");
        }

        State = S with { Phase = PlayerPhase.Registered, Name = trimmed!, CreatedAt = Now };
        RecordRow();
        return new(RegisterStatus.Created, Profile(), $"Welcome, {trimmed}.");
    }

    public Task<PlayerProfile> GetProfile() => Task.FromResult(Profile());

    public Task<ActivityResult> EnterQueue(string queue)
    {
        if (Refusal(allowedQueue: queue) is { } refused)
        {
            return Task.FromResult(refused);
        }

        if (S.Activity == ActivityKind.Idle)
        {
            State = S with { Activity = ActivityKind.Queued, Queue = queue };
        }

        return Task.FromResult(Ok($"Queued in {queue}."));
    }

    public Task<ActivityResult> LeaveQueue(string queue)
    {
        if (S.Activity != ActivityKind.Queued || S.Queue != queue)
        {
            return Task.FromResult(Result(ActivityStatus.NotQueued, $"Not queued in {queue}."));
        }

        State = S with { Activity = ActivityKind.Idle, Queue = null };
        return Task.FromResult(Ok($"Left {queue}."));
    }

    public Task<ActivityResult> EnterBattle(string battleId, string? fromQueue)
    {
        if (S.Activity == ActivityKind.InBattle && S.BattleId == battleId)
        {
            return Task.FromResult(Ok($"In battle {battleId}.") with { Profile = Profile() });
        }

        if (Refusal(allowedQueue: fromQueue) is { } refused)
        {
            return Task.FromResult(refused with { Profile = Profile() });
        }

        State = S with { Activity = ActivityKind.InBattle, Queue = null, BattleId = battleId };
        Publish(BattleEvents.Matched, new MatchedEvent(battleId, fromQueue));
        return Task.FromResult(Ok($"In battle {battleId}.") with { Profile = Profile() });
    }

    public Task<ActivityResult> LeaveBattle(string battleId)
    {
        if (S.Activity == ActivityKind.InBattle && S.BattleId == battleId)
        {
            State = S with { Activity = ActivityKind.Idle, BattleId = null };
        }

        return Task.FromResult(Ok($"Not in battle {battleId}."));
    }

    public Task<ActivityResult> FinishBattle(PlayerBattleResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (S.LastFinishedBattle == result.BattleId)
        {
            // A re-delivery: the row may not have been written before a crash, and writing it again is harmless.
            RecordRow();
            return Task.FromResult(Ok($"Battle {result.BattleId} already applied."));
        }

        if (S.Activity != ActivityKind.InBattle || S.BattleId != result.BattleId)
        {
            return Task.FromResult(Result(ActivityStatus.NotInThatBattle, $"Not in battle {result.BattleId}."));
        }

        var next = S with { Activity = ActivityKind.Idle, BattleId = null, LastFinishedBattle = result.BattleId };
        if (result.Result != PlayerOutcome.Void)
        {
            next = next with
            {
                Rating = result.Rating,
                Deviation = result.Deviation,
                Volatility = result.Volatility,
                Wins = S.Wins + (result.Result == PlayerOutcome.Win ? 1 : 0),
                Losses = S.Losses + (result.Result == PlayerOutcome.Loss ? 1 : 0),
                Draws = S.Draws + (result.Result == PlayerOutcome.Draw ? 1 : 0),
            };
        }

        if (result.Solved is { } solved)
        {
            next = next with { Solved = next.Solved.Add(solved) };
        }

        State = next;
        RecordRow();
        return Task.FromResult(Ok($"Battle {result.BattleId} applied."));
    }

    /// <summary>Why the player cannot take on a new queue or battle; null when idle (or queued in <paramref name="allowedQueue"/>).</summary>
    private ActivityResult? Refusal(string? allowedQueue) => S switch
    {
        { Phase: PlayerPhase.New } => Result(ActivityStatus.NotRegistered, "Register a name first."),
        { Activity: ActivityKind.InBattle } => Result(ActivityStatus.InBattle, $"Already in battle {S.BattleId}."),
        { Activity: ActivityKind.Queued } when S.Queue != allowedQueue =>
            Result(ActivityStatus.AlreadyQueued, $"Already queued in {S.Queue}; leave it first."),
        _ => null,
    };

    private ActivityResult Ok(string message) => Result(ActivityStatus.Ok, message);

    private ActivityResult Result(ActivityStatus status, string message) => new(status, Activity(), message);

    private PlayerActivity Activity() => S.Activity switch
    {
        ActivityKind.Queued => PlayerActivity.InQueue(S.Queue!),
        ActivityKind.InBattle => PlayerActivity.InBattle(S.BattleId!),
        _ => PlayerActivity.Idle,
    };

    private PlayerProfile Profile() => new(
        Key, Registered, S.Name, S.Rating, S.Deviation, S.Volatility,
        S.Wins, S.Losses, S.Draws, Activity(), [.. S.Solved], S.CreatedAt);

    protected override Task OnReminder(string name) => Task.CompletedTask;

    /// <summary>
    /// Entering a queue is not written: the queue's stored ticket is the record, and a player whose entry a
    /// crash lost reads as idle, which a battle from that queue still takes (and any other queue's pairing
    /// refuses as busy, dropping its stale ticket). Leaving a stored entry, and every other change, is written.
    /// </summary>
    protected override bool MustStore(PlayerState stored, PlayerState current) =>
        !(stored.Activity == ActivityKind.Idle && current.Activity is ActivityKind.Idle or ActivityKind.Queued
          && Equals(stored, current with { Activity = ActivityKind.Idle, Queue = null }));

    /// <summary>The leaderboard row, written after the state (an upsert, so a repeat is harmless).</summary>
    private void RecordRow()
    {
        var row = new PlayerChanged(Key, S.Name, S.Rating, S.Deviation, S.Volatility, S.Wins, S.Losses, S.Draws, S.CreatedAt, Now);
        AfterCommit(() => Services.ReadModels.RecordAsync(row));
    }
}
