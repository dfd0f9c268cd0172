namespace Duel.Web.Accounts;

/// <summary>The outcome of a sign-in or registration: the account, or a message a person can act on.</summary>
public sealed record AccountResult(Account? Account, string? Error)
{
    public bool Succeeded => Account is not null;

    public static AccountResult Ok(Account account) => new(account, null);

    public static AccountResult Fail(string error) => new(null, error);
}
