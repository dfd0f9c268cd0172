namespace Duel.Grains.Matchmaking;

/// <summary>
/// Who may play whom. A ticket's window starts at the initial width and widens by one step per
/// interval waited, up to the maximum; two tickets are compatible when their rating gap lies within
/// BOTH windows, so a newcomer cannot reach a long waiter it is too far from. Among compatible
/// tickets the longest-waiting one is served first.
/// </summary>
public sealed class PairingPolicy(MatchmakingOptions options)
{
    public int Window(TimeSpan waited)
    {
        var steps = waited <= TimeSpan.Zero ? 0 : waited.Ticks / options.StepInterval.Ticks;
        var widened = options.InitialWindow + (Math.Min(steps, int.MaxValue) * options.WindowStep);
        return (int)Math.Min(Math.Max(widened, options.InitialWindow), Math.Max(options.MaxWindow, options.InitialWindow));
    }

    public bool Compatible(Ticket a, Ticket b, DateTimeOffset now)
    {
        var gap = Math.Abs(a.Rating - b.Rating);
        return gap <= Window(now - a.JoinedAt) && gap <= Window(now - b.JoinedAt);
    }

    /// <summary>The longest-waiting ticket compatible with <paramref name="ticket"/>, if any.</summary>
    public Ticket? PartnerFor(Ticket ticket, IEnumerable<Ticket> waiting, DateTimeOffset now) =>
        InWaitingOrder(waiting).FirstOrDefault(other => other.PlayerId != ticket.PlayerId && Compatible(ticket, other, now));

    /// <summary>
    /// The next pair to make: the longest-waiting ticket that has a compatible partner, with its
    /// longest-waiting partner.
    /// </summary>
    public (Ticket First, Ticket Second)? NextPair(IEnumerable<Ticket> waiting, DateTimeOffset now)
    {
        var ordered = InWaitingOrder(waiting).ToList();
        foreach (var ticket in ordered)
        {
            if (PartnerFor(ticket, ordered, now) is { } partner)
            {
                return (ticket, partner);
            }
        }

        return null;
    }

    /// <summary>
    /// When the next window among <paramref name="waiting"/> widens, or null when every window is at
    /// its maximum (then only a new ticket can make a pair).
    /// </summary>
    public DateTimeOffset? NextWidening(IEnumerable<Ticket> waiting, DateTimeOffset now)
    {
        DateTimeOffset? next = null;
        foreach (var ticket in waiting)
        {
            var waited = now - ticket.JoinedAt;
            if (Window(waited) >= options.MaxWindow)
            {
                continue;
            }

            var steps = waited <= TimeSpan.Zero ? 0 : waited.Ticks / options.StepInterval.Ticks;
            var due = ticket.JoinedAt + (options.StepInterval * (steps + 1));
            next = next is null || due < next ? due : next;
        }

        return next;
    }

    public static IEnumerable<Ticket> InWaitingOrder(IEnumerable<Ticket> waiting) =>
        waiting.OrderBy(t => t.JoinedAt).ThenBy(t => t.Seq);
}
