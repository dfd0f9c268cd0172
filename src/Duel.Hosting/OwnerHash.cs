namespace Duel.Hosting;

/// <summary>
/// FNV-1a over a string's characters, for choosing which node owns a job: every process must compute
/// the same value, and <see cref="string.GetHashCode()"/> is randomised per process.
/// </summary>
public static class OwnerHash
{
    public static uint Of(string value)
    {
        var hash = 2166136261u;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash;
    }

    /// <summary>True when <paramref name="self"/> owns <paramref name="key"/> among <paramref name="members"/> (all in one order everywhere), or there are none.</summary>
    public static bool Owns<T>(string key, IReadOnlyList<T> members, T self) =>
        members.Count == 0 || EqualityComparer<T>.Default.Equals(members[(int)(Of(key) % (uint)members.Count)], self);
}
