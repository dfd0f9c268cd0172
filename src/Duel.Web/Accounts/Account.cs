namespace Duel.Web.Accounts;

/// <summary>A row of <c>accounts</c>. A guest has no password until it sets one.</summary>
public sealed record Account(string PlayerId, string Name, string? PasswordHash, DateTime CreatedAt)
{
    public bool IsGuest => PasswordHash is null;
}
