namespace Duel.Grains.Catalogue;

/// <summary>All puzzles, loaded once at start-up and read-only afterwards (a singleton).</summary>
public sealed class ChallengeCatalogue
{
    private readonly Dictionary<string, Challenge> _bySlug;

    public ChallengeCatalogue(IEnumerable<Challenge> challenges)
    {
        All = challenges.OrderBy(c => c.Difficulty).ThenBy(c => c.Slug, StringComparer.Ordinal).ToList();
        _bySlug = new Dictionary<string, Challenge>(StringComparer.Ordinal);
        foreach (var challenge in All)
        {
            if (!_bySlug.TryAdd(challenge.Slug, challenge))
            {
                throw new ArgumentException($"duplicate challenge slug \"{challenge.Slug}\"", nameof(challenges));
            }
        }
    }

    /// <summary>Every challenge, easy first, then by slug.</summary>
    public IReadOnlyList<Challenge> All { get; }

    public Challenge? Find(string slug) => _bySlug.GetValueOrDefault(slug);

    /// <summary>Loads a directory; throws <see cref="ChallengeCatalogueException"/> naming every bad file and field.</summary>
    public static ChallengeCatalogue Load(string directory) => From(ChallengeLoader.LoadDirectory(directory));

    /// <summary>The catalogue of a load result; throws <see cref="ChallengeCatalogueException"/> when it has errors.</summary>
    public static ChallengeCatalogue From(ChallengeLoadResult result) =>
        result.IsValid ? new ChallengeCatalogue(result.Challenges) : throw new ChallengeCatalogueException(result.Errors);
}
