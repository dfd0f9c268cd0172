using Duel.Grains.Catalogue;
using Duel.Grains.Matchmaking;

namespace Duel.Web.Lobby;

public static class Queues
{
    /// <summary>A queue is a challenge slug or <c>any</c>; anything else never names a grain.</summary>
    public static bool IsKnown(this ChallengeCatalogue catalogue, string? queue) =>
        queue == ChallengePicker.AnyQueue || (queue is not null && catalogue.Find(queue) is not null);

    /// <summary>Every queue: one per challenge, then <c>any</c>.</summary>
    public static IEnumerable<string> AllQueues(this ChallengeCatalogue catalogue) =>
        catalogue.All.Select(c => c.Slug).Append(ChallengePicker.AnyQueue);
}
