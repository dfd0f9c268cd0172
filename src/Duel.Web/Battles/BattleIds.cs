using System.Text.RegularExpressions;

namespace Duel.Web.Battles;

/// <summary>Ids from URLs are checked before they name a grain, so junk never creates rows or log noise.</summary>
public static partial class BattleIds
{
    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex Pattern();

    public static bool IsWellFormed(string? id) => id is not null && Pattern().IsMatch(id);
}
