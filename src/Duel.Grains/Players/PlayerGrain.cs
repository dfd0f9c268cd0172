using Duel.Grains.Battles;
using Duel.Grains.Runtime;

namespace Duel.Grains.Players;

/// <summary>
/// A player's rating, record and activity. Activity changes come only from the matchmaker and
/// battle grains, inside their turns, so "one queue or battle at a time" holds transactionally.
/// </summary>
public sealed class PlayerGrain(IGrainContext context, IPersistentState<PlayerState> state) : IPlayerGrain
{
    private PlayerState S => state.State;

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

        var names = context.GrainFactory.GetGrain<IPlayerNameGrain>(PlayerNames.Key(trimmed!));
        if (await names.Claim(context.Key) != context.Key)
        {
            return new(RegisterStatus.NameTaken, null, $"The name '{trimmed}' is taken.");
        }

        state.State = S with { Phase = PlayerPhase.Registered, Name = trimmed!, CreatedAt = context.Now };
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
            state.State = S with { Activity = ActivityKind.Queued, Queue = queue };
        }

        return Task.FromResult(Ok($"Queued in {queue}."));
    }

    public Task<ActivityResult> LeaveQueue(string queue)
    {
        if (S.Activity != ActivityKind.Queued || S.Queue != queue)
        {
            return Task.FromResult(Result(ActivityStatus.NotQueued, $"Not queued in {queue}."));
        }

        state.State = S with { Activity = ActivityKind.Idle, Queue = null };
        return Task.FromResult(Ok($"Left {queue}."));
    }

    public Task<ActivityResult> EnterBattle(string battleId, string? fromQueue)
    {
        if (S.Activity == ActivityKind.InBattle && S.BattleId == battleId)
        {
            return Task.FromResult(Ok($"In battle {battleId}."));
        }

        if (Refusal(allowedQueue: fromQueue) is { } refused)
        {
            return Task.FromResult(refused);
        }

        state.State = S with { Activity = ActivityKind.InBattle, Queue = null, BattleId = battleId };
        context.Publish(BattleEvents.Matched, new MatchedEvent(battleId, fromQueue));
        return Task.FromResult(Ok($"In battle {battleId}."));
    }

    public Task<ActivityResult> FinishBattle(PlayerBattleResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (S.LastFinishedBattle == result.BattleId)
        {
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

        state.State = next;
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
        context.Key, Registered, S.Name, S.Rating, S.Deviation, S.Volatility,
        S.Wins, S.Losses, S.Draws, Activity(), [.. S.Solved], S.CreatedAt);

    private void RecordRow() => context.Record(new PlayerChanged(
        context.Key, S.Name, S.Rating, S.Deviation, S.Volatility, S.Wins, S.Losses, S.Draws, S.CreatedAt, context.Now));
}
