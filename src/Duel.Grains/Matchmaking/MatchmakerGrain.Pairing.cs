using Duel.Grains.Battles;
using Duel.Grains.Players;
using Duel.Grains.Runtime;
using Microsoft.Extensions.Logging;

namespace Duel.Grains.Matchmaking;

/// <summary>
/// The pairing protocol: both tickets leave the queue in the same stored write that names the new
/// battle, and that pairing is resumed (same battle id) until its battle has started or refused:
/// by the join that made it, by the player's next join or leave, or by the pair reminder.
/// </summary>
public sealed partial class MatchmakerGrain
{
    /// <summary>Takes both tickets out and adds the pairing (stored when the turn commits); nothing is started yet.</summary>
    /// <param name="joiner">The profile of <paramref name="other"/> when the caller has just read it.</param>
    private async Task<PendingPairing> Pair(Ticket waiting, Ticket other, PlayerProfile? joiner = null)
    {
        var battleId = BattleId();
        var challenge = Queue;
        if (Queue == ChallengePicker.AnyQueue)
        {
            // Only the any queue looks at what the players have solved.
            var first = Player(waiting.PlayerId).GetProfile();
            var second = joiner is null ? Player(other.PlayerId).GetProfile() : Task.FromResult(joiner);
            await Task.WhenAll(first, second);
            challenge = ChallengePicker.Pick(Queue, catalogue.All.Select(c => c.Slug), first.Result.Solved, second.Result.Solved, battleId);
        }

        var pairing = new PendingPairing(battleId, challenge, waiting, other);
        State = S with
        {
            Tickets = S.Tickets.RemoveAll(t => t == waiting || t == other),
            Pairings = S.Pairings.Add(pairing),
        };
        ScheduleRetry();
        return pairing;
    }

    private BattleStart StartOf(PendingPairing pairing) =>
        new(pairing.Challenge, pairing.First.PlayerId, pairing.Second.PlayerId, Queue, null);

    /// <summary>
    /// Drops the pairings whose battles a join saw start, then resumes the player's own pairing if it is
    /// still pending: whatever a call decides about a player comes after their pairing is settled.
    /// </summary>
    /// <returns>Whether the player was in a pairing (so their profile may have changed since it was read).</returns>
    private async Task<bool> SettleFor(string playerId)
    {
        Settle();
        var settled = _settledPlayers.Remove(playerId);
        if (S.Pairings.Find(p => p.First.PlayerId == playerId || p.Second.PlayerId == playerId) is not { } mine)
        {
            return settled;
        }

        await Resume([mine]);
        return true;
    }

    private void Settle()
    {
        if (S.Pairing is { } legacy)
        {
            State = S with { Pairing = null, Pairings = S.Pairings.Add(legacy) };
        }

        // In memory only: after a crash the reminder's Start of such a pairing answers AlreadyStarted.
        var started = S.Pairings.Where(p => _started.Contains(p.BattleId)).ToList();
        _started.Clear();
        _settledPlayers.UnionWith(started.SelectMany(p => new[] { p.First.PlayerId, p.Second.PlayerId }));
        if (started.Count > 0)
        {
            State = S with { Pairings = S.Pairings.RemoveRange(started), Matched = S.Matched + started.Count };
        }
    }

    /// <summary>
    /// Starts the stored pairings' battles, all at once (again, after a crash: the start is idempotent).
    /// A player a battle refused is no longer queued here (a ticket left over from a crash) and is
    /// dropped; the other goes back to the queue with their original place.
    /// </summary>
    private async Task Resume(IReadOnlyList<PendingPairing> pairings)
    {
        _resumes++;
        var results = await Task.WhenAll(pairings.Select(p => GrainFactory.Battle(p.BattleId).Start(StartOf(p))));
        for (var i = 0; i < pairings.Count; i++)
        {
            var pairing = pairings[i];
            if (results[i].Started)
            {
                State = S with { Pairings = S.Pairings.Remove(pairing), Matched = S.Matched + 1 };
                continue;
            }

            var back = new List<Ticket>();
            foreach (var ticket in new[] { pairing.First, pairing.Second })
            {
                if ((await Player(ticket.PlayerId).GetProfile()).Activity == PlayerActivity.InQueue(Queue))
                {
                    back.Add(ticket);
                }
            }

            State = S with { Pairings = S.Pairings.Remove(pairing), Tickets = S.Tickets.AddRange(back) };
        }
    }

    /// <summary>
    /// The lobby's count is a hint, so it is written off the queue's turn: one write at a time, each
    /// with the latest committed count, so a burst of joins costs a few writes and the last one wins.
    /// </summary>
    private void RecordCount(int waiting)
    {
        _countToWrite = waiting;
        if (_countWrite.IsCompleted)
        {
            _countWrite = WriteCounts();
        }
    }

    private async Task WriteCounts()
    {
        while (_countToWrite is { } waiting)
        {
            _countToWrite = null;
            try
            {
                await Services.ReadModels.RecordAsync(new QueueChanged(Queue, waiting));
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Recording the length of queue {Queue} failed", Queue);
            }
        }
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
                RecordCount(S.Tickets.Count);
            });
        }

        // A reminder that fires early finds nothing to do, so one already due no later than needed is
        // kept, and an unneeded one is left to fire and clear itself: no reminder write on a pairing's
        // path unless the queue has none.
        var due = S.Pairings.Count > 0 || S.Pairing is not null ? Now + ResumeDelay
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
