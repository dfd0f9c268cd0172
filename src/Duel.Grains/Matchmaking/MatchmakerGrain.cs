using Duel.Grains.Battles;
using Duel.Grains.Catalogue;
using Duel.Grains.Players;
using Duel.Grains.Runtime;
using Microsoft.Extensions.Options;

namespace Duel.Grains.Matchmaking;

/// <summary>
/// One queue. Every join, leave and pairing is a turn on this grain's row, so two turns never
/// pair the same ticket; a pair's players are locked in key order and moved into the new battle in
/// the same transaction, so a player is never in a battle and a queue, or in two battles.
/// </summary>
public sealed class MatchmakerGrain(
    IGrainContext context,
    IPersistentState<MatchmakerState> state,
    IOptions<MatchmakingOptions> options,
    ChallengeCatalogue catalogue) : IMatchmakerGrain
{
    public const string PairReminder = "pair";

    private readonly PairingPolicy _policy = new(options.Value);

    private MatchmakerState S => state.State;

    private string Queue => context.Key;

    public async Task<JoinResult> Join(string playerId)
    {
        if (Queue != ChallengePicker.AnyQueue && catalogue.Find(Queue) is null)
        {
            return JoinResults.Refused(Queue, JoinStatus.UnknownQueue, $"There is no challenge '{Queue}'.");
        }

        if (S.Tickets.Find(t => t.PlayerId == playerId) is { } existing)
        {
            return Queued(existing, "Already queued.");
        }

        var player = Player(playerId);
        var profile = await player.GetProfile();
        if (JoinResults.Refusal(Queue, profile) is { } refused)
        {
            return refused;
        }

        var ticket = new Ticket(playerId, profile.Rating, context.Now, S.NextSeq);
        while (_policy.PartnerFor(ticket, S.Tickets, context.Now) is { } partner)
        {
            var pairing = await TryPair(partner, ticket);
            if (pairing.BattleId is { } battleId)
            {
                ScheduleRetry();
                return new(JoinStatus.Matched, Queue, 0, 0, battleId, null, "Matched.");
            }

            if (!pairing.SecondValid)
            {
                return JoinResults.Refused(Queue, JoinStatus.InBattle, "Your activity changed; try again.");
            }
        }

        var entered = await player.EnterQueue(Queue);
        if (!entered.Succeeded)
        {
            return JoinResults.FromActivity(Queue, entered);
        }

        state.State = S with { Tickets = S.Tickets.Add(ticket), NextSeq = S.NextSeq + 1 };
        ScheduleRetry();
        return Queued(ticket, "Queued.");
    }

    public async Task<LeaveResult> Leave(string playerId)
    {
        if (S.Tickets.Find(t => t.PlayerId == playerId) is not { } ticket)
        {
            return new(LeaveStatus.NotQueued, $"Not queued in {Queue}.");
        }

        await Player(playerId).LeaveQueue(Queue);
        state.State = S with { Tickets = S.Tickets.Remove(ticket) };
        ScheduleRetry();
        return new(LeaveStatus.Left, $"Left {Queue}.");
    }

    public Task<QueueStatus> Status(string playerId)
    {
        var ordered = PairingPolicy.InWaitingOrder(S.Tickets).ToList();
        var index = ordered.FindIndex(t => t.PlayerId == playerId);
        if (index < 0)
        {
            return Task.FromResult(new QueueStatus(Queue, false, 0, TimeSpan.Zero, 0, ordered.Count));
        }

        var waited = context.Now - ordered[index].JoinedAt;
        return Task.FromResult(new QueueStatus(Queue, true, index + 1, waited, _policy.Window(waited), ordered.Count));
    }

    public async Task ReceiveReminder(string name)
    {
        if (name != PairReminder)
        {
            return;
        }

        while (_policy.NextPair(S.Tickets, context.Now) is { } pair)
        {
            await TryPair(pair.First, pair.Second);
        }

        ScheduleRetry();
    }

    /// <summary>
    /// Pairs two tickets: locks both players in key order, re-checks them under the lock, starts the
    /// battle and removes both tickets. A ticket whose player is no longer queued here (which the
    /// turn order should make impossible) is dropped rather than paired.
    /// </summary>
    private async Task<Pairing> TryPair(Ticket waiting, Ticket other)
    {
        await context.LockAsync<IPlayerGrain>([waiting.PlayerId, other.PlayerId]);
        var first = await Player(waiting.PlayerId).GetProfile();
        var second = await Player(other.PlayerId).GetProfile();
        var firstValid = CanPlay(first);
        var secondValid = CanPlay(second);
        if (!firstValid || !secondValid)
        {
            state.State = S with { Tickets = S.Tickets.RemoveAll(t => (!firstValid && t == waiting) || (!secondValid && t == other)) };
            return new(null, secondValid);
        }

        var battleId = context.NewId();
        var challenge = ChallengePicker.Pick(Queue, catalogue.All.Select(c => c.Slug), first.Solved, second.Solved, battleId);
        var started = await context.GrainFactory.GetGrain<IBattleGrain>(battleId)
            .Start(new BattleStart(challenge, waiting.PlayerId, other.PlayerId, Queue, null));
        if (!started.Succeeded)
        {
            throw new InvalidOperationException($"battle {battleId} refused checked players: {started.Message}");
        }

        state.State = S with { Tickets = S.Tickets.RemoveAll(t => t == waiting || t == other), Matched = S.Matched + 1 };
        return new(battleId, true);
    }

    /// <summary>Queued here (a waiting ticket) or idle (the player joining now).</summary>
    private bool CanPlay(PlayerProfile profile) => profile.Exists && profile.Activity.Kind switch
    {
        ActivityKind.Idle => true,
        ActivityKind.Queued => profile.Activity.Queue == Queue,
        _ => false,
    };

    private void ScheduleRetry()
    {
        var due = S.Tickets.Count >= 2 ? _policy.NextWidening(S.Tickets, context.Now) : null;
        if (due == S.PairReminderDue)
        {
            return;
        }

        if (due is { } at)
        {
            context.SetReminder(PairReminder, at);
        }
        else
        {
            context.ClearReminder(PairReminder);
        }

        state.State = S with { PairReminderDue = due };
    }

    private JoinResult Queued(Ticket ticket, string message)
    {
        var position = PairingPolicy.InWaitingOrder(S.Tickets).TakeWhile(t => t != ticket).Count() + 1;
        return new(JoinStatus.Queued, Queue, position, _policy.Window(context.Now - ticket.JoinedAt), null, null, message);
    }

    private IPlayerGrain Player(string id) => context.GrainFactory.GetGrain<IPlayerGrain>(id);

    private sealed record Pairing(string? BattleId, bool SecondValid);
}
