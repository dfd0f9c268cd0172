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
public sealed partial class MatchmakerGrain(
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

    private JoinResult Queued(Ticket ticket, string message)
    {
        var position = PairingPolicy.InWaitingOrder(S.Tickets).TakeWhile(t => t != ticket).Count() + 1;
        return new(JoinStatus.Queued, Queue, position, _policy.Window(Now - ticket.JoinedAt), null, null, message);
    }

    private IPlayerGrain Player(string id) => GrainFactory.GetGrain<IPlayerGrain>(id);
}
