using System.Text.RegularExpressions;

namespace Duel.Grains.Players;

/// <summary>
/// Display-name rules. ASCII only, so lower-casing here and <c>lower(name)</c> in PostgreSQL agree and
/// the <c>players</c> table's unique index can never disagree with the name grains.
/// </summary>
public static partial class PlayerNames
{
    public const string Rule = "A name is 3–24 characters: letters, digits, '_' or '-'.";

    public static bool IsValid(string? name) => name is not null && NamePattern().IsMatch(name);

    /// <summary>The key of the name's <see cref="IPlayerNameGrain"/>.</summary>
    public static string Key(string name) => name.ToLowerInvariant();

    [GeneratedRegex("^[A-Za-z0-9_-]{3,24}$")]
    private static partial Regex NamePattern();
}
