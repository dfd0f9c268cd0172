using Duel.Grains.Catalogue;
using Duel.Grains.Players;
using Duel.Grains.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Duel.Grains.Matchmaking;

/// <summary>
/// One queue. Joins (their turns: <see cref="EnterWaiting"/>, <see cref="Enter"/>), leaves and pairings
/// run one at a time on this activation, so two pairings never take the same ticket. A pairing is stored (both tickets out, the
/// new battle's id in) before the battle is started, off the queue's turn by the interleaved
/// <see cref="Join"/>, and resumed with the same battle id after a crash; the battle's start is
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

    // A join tries at most this many starts; each refused one drops a ticket left over from a crash.
    private const int MaxStarts = 3;

    private readonly PairingPolicy _policy = new(options.Value);
    private bool _countPending;
    private int? _countToWrite;
    private Task _countWrite = Task.CompletedTask;

    // Battles that joins saw start, off the queue's turn; the next turn drops their stored pairings.
    private readonly HashSet<string> _started = [];

    private MatchmakerState S => State;

    private string Queue => Key;

    private bool IsKnownQueue => Queue == ChallengePicker.AnyQueue || catalogue.Find(Queue) is not null;

    public async Task<JoinResult> Join(string playerId)
    {
        // Interleaved with the queue's calls: the queue's state changes only in its turns (EnterWaiting, with
        // the joins that arrived meanwhile). The player's queue write and the battle's start happen here,
        // so the queue serves other joins meanwhile.
        if (IsKnownQueue)
        {
            // The queue's turn decides with a fresh profile and repeats this when needed, so a refusal here
            // (not registered, busy elsewhere) is not an answer yet: one call instead of a read and then the entry.
            await Player(playerId).EnterQueue(Queue);
        }

        for (var attempt = 1; ; attempt++)
        {
            var entry = await EnterSoon(playerId);
            if (entry is not { Start: { } start, Result.BattleId: { } battleId } || attempt == MaxStarts)
            {
                // After MaxStarts the pairing is left pending: the pair reminder starts it within seconds.
                return entry.Result;
            }

            if ((await GrainFactory.Battle(battleId).Start(start)).Started)
            {
                _started.Add(battleId);
                return entry.Result;
            }

            // Refused (a ticket left over from a crash): the next turn for this player resumes the pairing,
            // which drops the stale ticket, and tells where this player stands now.
        }
    }

    public Task<QueueEntry> Enter(string playerId) => EnterOne(playerId, null);

    /// <param name="prefetched">The player's profile, read earlier in this turn.</param>
    private async Task<QueueEntry> EnterOne(string playerId, Task<PlayerProfile>? prefetched)
    {
        if (!IsKnownQueue)
        {
            return new(JoinResults.Refused(Queue, JoinStatus.UnknownQueue, $"There is no challenge '{Queue}'."), null);
        }

        var resumed = await SettleFor(playerId);
        if (S.Tickets.Find(t => t.PlayerId == playerId) is { } existing)
        {
            return new(Queued(existing, "Already queued."), null);
        }

        // A resumed pairing may have moved the player since the profile was read.
        var player = Player(playerId);
        var profile = await (resumed || prefetched is null ? player.GetProfile() : prefetched);
        if (JoinResults.Refusal(Queue, profile) is { } refused)
        {
            return new(refused, null);
        }

        // Join has usually moved the player in already; then the player is still queued here (only this
        // queue's turns move a player out of its queue, and their own pairing was settled above).
        if (profile.Activity != PlayerActivity.InQueue(Queue) && await player.EnterQueue(Queue) is { Succeeded: false } entered)
        {
            return new(JoinResults.FromActivity(Queue, entered), null);
        }

        // The rating read a moment ago still holds: it changes only when a battle finishes, and the player is in none.
        var ticket = new Ticket(playerId, profile.Rating, Now, S.NextSeq);
        var partner = _policy.PartnerFor(ticket, S.Tickets, Now);
        State = S with { Tickets = S.Tickets.Add(ticket), NextSeq = S.NextSeq + 1 };
        if (partner is not null)
        {
            // Stored when this turn commits, before Join (or the reminder) starts the battle.
            var pairing = await Pair(partner, ticket, profile);
            return new(new(JoinStatus.Matched, Queue, 0, 0, pairing.BattleId, null, "Matched."), StartOf(pairing));
        }

        ScheduleRetry();
        return new(Queued(ticket, "Queued."), null);
    }

    public async Task<LeaveResult> Leave(string playerId)
    {
        await SettleFor(playerId);
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
        Settle();
        await Resume(S.Pairings);
        var paired = new List<PendingPairing>();
        while (_policy.NextPair(S.Tickets, Now) is { } pair)
        {
            paired.Add(await Pair(pair.First, pair.Second));
        }

        if (paired.Count > 0)
        {
            // Nobody's join waits for these: this turn stores them, then starts them.
            await CommitAsync();
            await Resume(paired);
        }

        ScheduleRetry();
    }

    private JoinResult Queued(Ticket ticket, string message)
    {
        var position = PairingPolicy.InWaitingOrder(S.Tickets).TakeWhile(t => t != ticket).Count() + 1;
        return new(JoinStatus.Queued, Queue, position, _policy.Window(Now - ticket.JoinedAt), null, null, message);
    }

    private IPlayerGrain Player(string id) => GrainFactory.Player(id);

    private IMatchmakerGrain Self => this.AsReference<IMatchmakerGrain>();
}
