using Duel.Grains.Battles;
using Duel.Grains.Players;

namespace Duel.Grains.Matchmaking;

/// <summary>
/// The pairing protocol: both tickets leave the queue in the same stored write that names the new
/// battle, and that pairing is resumed (same battle id) until its battle has started or refused.
/// </summary>
public sealed partial class MatchmakerGrain
{
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
}
