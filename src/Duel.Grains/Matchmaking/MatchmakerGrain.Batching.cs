namespace Duel.Grains.Matchmaking;

/// <summary>
/// Joins that arrive while the queue is busy wait in memory and enter together in one turn: one state
/// write for the lot, their profiles read at once. Each join is still decided in arrival order against
/// the tickets the earlier ones left, exactly as separate turns would, and nobody is answered before
/// the write that holds their ticket or pairing.
/// </summary>
public sealed partial class MatchmakerGrain
{
    private Batch? _open;

    // Resumes run and players whose pairings were settled in this turn: a profile read before either is stale.
    private long _resumes;
    private readonly HashSet<string> _settledPlayers = [];

    /// <summary>Adds the join to the open batch, scheduling that batch's turn if it is new.</summary>
    private Task<QueueEntry> EnterSoon(string playerId)
    {
        var reply = new TaskCompletionSource<QueueEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_open is null)
        {
            _open = new Batch();
            _ = CallEnterWaiting(_open);
        }

        _open.Joins.Add((playerId, reply));
        return reply.Task;
    }

    private async Task CallEnterWaiting(Batch batch)
    {
        try
        {
            await Self.EnterWaiting();
        }
        catch (Exception e) when (!batch.Taken)
        {
            // The turn never ran (e.g. the activation is going away): nobody else will answer these joins.
            if (_open == batch)
            {
                _open = null;
            }

            batch.Fail(e);
        }
        catch (Exception)
        {
            // The turn ran and failed; it answered its joins with the failure itself.
        }
    }

    public async Task EnterWaiting()
    {
        if (_open is not { } batch)
        {
            return;
        }

        _open = null;
        batch.Taken = true;
        try
        {
            _settledPlayers.Clear();
            var (profiles, resumes) = (batch.Joins.Select(j => Player(j.PlayerId).GetProfile()).ToList(), _resumes);
            var entries = new List<QueueEntry>(batch.Joins.Count);
            for (var i = 0; i < batch.Joins.Count; i++)
            {
                // A pairing resumed since the read may have moved this player: then it is read again.
                entries.Add(await EnterOne(batch.Joins[i].PlayerId, _resumes == resumes ? profiles[i] : null));
            }

            // Answered only once stored: a join's Start must never run ahead of its pairing's write.
            await CommitAsync();
            for (var i = 0; i < entries.Count; i++)
            {
                batch.Joins[i].Reply.TrySetResult(entries[i]);
            }
        }
        catch (Exception e)
        {
            batch.Fail(e);
            throw;
        }
    }

    private sealed class Batch
    {
        public List<(string PlayerId, TaskCompletionSource<QueueEntry> Reply)> Joins { get; } = [];

        /// <summary>Set when a turn took the batch; from then on that turn answers it.</summary>
        public bool Taken { get; set; }

        public void Fail(Exception e)
        {
            foreach (var (_, reply) in Joins)
            {
                reply.TrySetException(e);
            }
        }
    }
}
