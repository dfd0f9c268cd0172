using System.Collections.Concurrent;

namespace Duel.Grains.Catalogue;

/// <summary>
/// Reads a challenge directory once per host: the start-up validation and the catalogue singleton
/// share one result instead of each parsing every file.
/// </summary>
internal sealed class ChallengeDirectoryCache
{
    private readonly ConcurrentDictionary<string, ChallengeLoadResult> _results = new(StringComparer.Ordinal);

    public ChallengeLoadResult Load(string directory) =>
        _results.GetOrAdd(Path.GetFullPath(directory), ChallengeLoader.LoadDirectory);
}
