namespace Duel.Grains.Matchmaking;

/// <summary>
/// Chooses the challenge of a new battle. A slug queue plays its slug; the <c>any</c> queue plays a
/// challenge neither player has solved when one exists. The choice is derived from the battle id,
/// which the turn's context fixes, so a retried turn chooses the same challenge.
/// </summary>
public static class ChallengePicker
{
    public const string AnyQueue = "any";

    public static string Pick(
        string queue,
        IEnumerable<string> catalogue,
        IEnumerable<string> solvedByA,
        IEnumerable<string> solvedByB,
        string battleId,
        string? exclude = null)
    {
        if (queue != AnyQueue)
        {
            return queue;
        }

        var all = catalogue.Order(StringComparer.Ordinal).ToList();
        if (all.Count == 0)
        {
            throw new InvalidOperationException("the challenge catalogue is empty");
        }

        var solved = solvedByA.Concat(solvedByB).ToHashSet(StringComparer.Ordinal);
        var fresh = all.Where(slug => !solved.Contains(slug) && slug != exclude).ToList();
        var pool = fresh.Count > 0 ? fresh : all.Where(slug => slug != exclude).DefaultIfEmpty(all[0]).ToList();
        return pool[(int)(StableHash(battleId) % (uint)pool.Count)];
    }

    /// <summary>FNV-1a: stable across processes, unlike <see cref="string.GetHashCode()"/>.</summary>
    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
