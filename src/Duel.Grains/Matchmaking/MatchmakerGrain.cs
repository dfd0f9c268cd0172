using Duel.Grains.Battles;
using Duel.Grains.Catalogue;
using Duel.Grains.Players;
using Duel.Grains.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Duel.Grains.Matchmaking;

/// <summary>
/// One queue. Joins, leaves and pairings run one at a time on this activation, so two pairings never
/// take the same ticket. A pairing is stored (both tickets out, the new battle's id in) before the
/// battle is started, and resumed with the same battle id after a crash; the battle's start is
/// idempotent, so a pair becomes exactly one battle. Calls go down only (queue → battle → player).
/// </summary>
public sealed class MatchmakerGrain(
    [PersistentState("matchmaker", GrainStorage.Name)] IPersistentState<MatchmakerState> state,
    GrainServices services,
    IOptions<MatchmakingOptions> options,
    ChallengeCatalogue catalogue,
    ILogger<MatchmakerGrain> logger) : DuelGrain<MatchmakerState>(state, services, logger, "matchmaker"), IMatchmakerGrain
{
    public const string PairReminder = "pair";

    private static readonly TimeSpan ResumeDelay = TimeSpan.FromSeconds(5);

    private readonly PairingPolicy _policy = new(options.Value);
    private bool _countPending;

    private MatchmakerState S => State;

    private string Queue => Key;

    public async Task<JoinResult> Join(string playerId)
    {
        if (Queue != ChallengePicker.AnyQueue && catalogue.Find(Queue) is null)
        {
            return JoinResults.Refused(Queue, JoinStatus.UnknownQueue, $"There is no challenge '{Queue}'.");
        }

        await ResumePairing();
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

        var entered = await player.EnterQueue(Queue);
        if (!entered.Succeeded)
        {
            return JoinResults.FromActivity(Queue, entered);
        }

        // The rating read a moment ago still holds: it changes only when a battle finishes, and the player is in none.
        var ticket = new Ticket(playerId, profile.Rating, Now, S.NextSeq);
        var partner = _policy.PartnerFor(ticket, S.Tickets, Now);
        State = S with { Tickets = S.Tickets.Add(ticket), NextSeq = S.NextSeq + 1 };
        if (partner is not null && await Pair(partner, ticket) is { } battleId)
        {
            ScheduleRetry();
            return new(JoinStatus.Matched, Queue, 0, 0, battleId, null, "Matched.");
        }

        ScheduleRetry();
        return S.Tickets.Contains(ticket)
            ? Queued(ticket, "Queued.")
            : JoinResults.Refused(Queue, JoinStatus.InBattle, "Your activity changed; try again.");
    }

    public async Task<LeaveResult> Leave(string playerId)
    {
        await ResumePairing();
        if (S.Tickets.Find(t => t.PlayerId == playerId) is not { } ticket)
        {
            return new(LeaveStatus.NotQueued, $"Not queued in {Queue}.");
        }

        await Player(playerId).LeaveQueue(Queue);
        State = S with { Tickets = S.Tickets.Remove(ticket) };
        ScheduleRetry();
        return new(LeaveStatus.Left, $"Left {Queue}.");
    }

    /// <summary>A new battle's id: "b-" keeps it from looking like a Guid, so storage rows show it as written.</summary>
    public static string BattleId() => $"b-{NewId()}";

    public Task<QueueStatus> Status(string playerId)
    {
        var ordered = PairingPolicy.InWaitingOrder(S.Tickets).ToList();
        var index = ordered.FindIndex(t => t.PlayerId == playerId);
        if (index < 0)
        {
            return Task.FromResult(new QueueStatus(Queue, false, 0, TimeSpan.Zero, 0, ordered.Count));
        }

        var waited = Now - ordered[index].JoinedAt;
        return Task.FromResult(new QueueStatus(Queue, true, index + 1, waited, _policy.Window(waited), ordered.Count));
    }

    public Task<IReadOnlyList<Ticket>> Waiting() =>
        Task.FromResult<IReadOnlyList<Ticket>>(PairingPolicy.InWaitingOrder(S.Tickets).ToList());

    protected override async Task OnReminder(string name)
    {
        if (name != PairReminder)
        {
            return;
        }

        State = S with { PairReminderDue = null };
        await ResumePairing();
        while (_policy.NextPair(S.Tickets, Now) is { } pair)
        {
            await Pair(pair.First, pair.Second);
        }

        ScheduleRetry();
    }

    /// <summary>Takes both tickets out and stores the pairing, then starts its battle.</summary>
    private async Task<string?> Pair(Ticket waiting, Ticket other)
    {
        var (first, second) = (Player(waiting.PlayerId).GetProfile(), Player(other.PlayerId).GetProfile());
        await Task.WhenAll(first, second);
        var battleId = BattleId();
        var challenge = ChallengePicker.Pick(Queue, catalogue.All.Select(c => c.Slug), first.Result.Solved, second.Result.Solved, battleId);
        State = S with
        {
            Tickets = S.Tickets.RemoveAll(t => t == waiting || t == other),
            Pairing = new PendingPairing(battleId, challenge, waiting, other),
        };
        ScheduleRetry();
        await CommitAsync();
        return await ResumePairing();
    }

    /// <summary>
    /// Starts the stored pairing's battle (again, after a crash: the start is idempotent). A player the
    /// battle refused is no longer queued here (a ticket left over from a crash) and is dropped; the
    /// other goes back to the queue with their original place.
    /// </summary>
    private async Task<string?> ResumePairing()
    {
        if (S.Pairing is not { } pairing)
        {
            return null;
        }

        var started = await GrainFactory.GetGrain<IBattleGrain>(pairing.BattleId)
            .Start(new BattleStart(pairing.Challenge, pairing.First.PlayerId, pairing.Second.PlayerId, Queue, null));
        if (started.Started)
        {
            State = S with { Pairing = null, Matched = S.Matched + 1 };
            return pairing.BattleId;
        }

        var back = new List<Ticket>();
        foreach (var ticket in new[] { pairing.First, pairing.Second })
        {
            if ((await Player(ticket.PlayerId).GetProfile()).Activity == PlayerActivity.InQueue(Queue))
            {
                back.Add(ticket);
            }
        }

        State = S with { Pairing = null, Tickets = S.Tickets.AddRange(back) };
        return null;
    }

    private void ScheduleRetry()
    {
        // Every change of the tickets passes here: keep the lobby's count in step, once per commit.
        if (!_countPending)
        {
            _countPending = true;
            AfterCommit(() =>
            {
                _countPending = false;
                return Services.ReadModels.RecordAsync(new QueueChanged(Queue, S.Tickets.Count));
            });
        }

        // A reminder that fires early finds nothing to do, so one already due no later than needed is
        // kept, and an unneeded one is left to fire and clear itself: no reminder write on a pairing's
        // path unless the queue has none.
        var due = S.Pairing is not null ? Now + ResumeDelay
            : S.Tickets.Count >= 2 ? _policy.NextWidening(S.Tickets, Now)
            : null;
        if (due is not { } at || S.PairReminderDue <= at)
        {
            return;
        }

        SetReminder(PairReminder, at);
        State = S with { PairReminderDue = at };
    }

    private JoinResult Queued(Ticket ticket, string message)
    {
        var position = PairingPolicy.InWaitingOrder(S.Tickets).TakeWhile(t => t != ticket).Count() + 1;
        return new(JoinStatus.Queued, Queue, position, _policy.Window(Now - ticket.JoinedAt), null, null, message);
    }

    private IPlayerGrain Player(string id) => GrainFactory.GetGrain<IPlayerGrain>(id);
}
