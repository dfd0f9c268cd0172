using System.Text.RegularExpressions;

namespace Duel.Web.Accounts;

/// <summary>Player names: 3–20 of <c>[A-Za-z0-9_-]</c>, unique regardless of case.</summary>
public static partial class PlayerName
{
    public const string Rule = "3–20 letters, digits, '_' or '-'.";

    [GeneratedRegex("^[A-Za-z0-9_-]{3,20}$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);
}
