using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace Duel.Web.Accounts;

/// <summary>Registration, sign-in and guest accounts. Passwords go through the framework's <see cref="PasswordHasher{TUser}"/>.</summary>
public sealed class AccountService(AccountStore store, IPasswordHasher<Account> hasher, IPlayerProvisioner provisioner,
    ILogger<AccountService> logger)
{
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 128;

    public async Task<AccountResult> RegisterAsync(string? name, string? password, CancellationToken ct)
    {
        name = name?.Trim();
        if (!PlayerName.IsValid(name)) return AccountResult.Fail($"Name must be {PlayerName.Rule}");
        if (PasswordError(password) is { } error) return AccountResult.Fail(error);
        var playerId = NewPlayerId();
        var account = new Account(playerId, name!, null, DateTime.UtcNow);
        account = account with { PasswordHash = hasher.HashPassword(account, password!) };
        return await CreateAsync(account, ct);
    }

    public async Task<AccountResult> CreateGuestAsync(CancellationToken ct)
    {
        // A few tries: a random 6-hex suffix collides rarely, and the unique index settles it.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var account = new Account(NewPlayerId(), $"guest-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}", null, DateTime.UtcNow);
            var result = await CreateAsync(account, ct);
            if (result.Succeeded) return result;
        }
        return AccountResult.Fail("Could not create a guest account; try again.");
    }

    public async Task<AccountResult> LoginAsync(string? name, string? password, CancellationToken ct)
    {
        const string wrong = "Unknown name or wrong password.";
        if (!PlayerName.IsValid(name?.Trim()) || string.IsNullOrEmpty(password)) return AccountResult.Fail(wrong);
        var account = await store.FindByNameAsync(name!.Trim(), ct);
        if (account?.PasswordHash is null) return AccountResult.Fail(wrong);
        var verdict = hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed) return AccountResult.Fail(wrong);
        logger.LogInformation("Player signed in: {PlayerName} ({PlayerId})", account.Name, account.PlayerId);
        return AccountResult.Ok(account);
    }

    /// <summary>A guest keeps its account (name, rating, history) by setting a password.</summary>
    public async Task<AccountResult> SetGuestPasswordAsync(string playerId, string? password, CancellationToken ct)
    {
        if (PasswordError(password) is { } error) return AccountResult.Fail(error);
        var account = await store.FindByIdAsync(playerId, ct);
        if (account is null) return AccountResult.Fail("Your account no longer exists; sign in again.");
        if (!account.IsGuest) return AccountResult.Fail("This account already has a password.");
        var hash = hasher.HashPassword(account, password!);
        if (!await store.SetGuestPasswordAsync(playerId, hash, ct)) return AccountResult.Fail("This account already has a password.");
        logger.LogInformation("Guest kept its account: {PlayerName} ({PlayerId})", account.Name, playerId);
        return AccountResult.Ok(account with { PasswordHash = hash });
    }

    private async Task<AccountResult> CreateAsync(Account account, CancellationToken ct)
    {
        if (!await store.TryCreateAsync(account.PlayerId, account.Name, account.PasswordHash, ct))
            return AccountResult.Fail($"The name \"{account.Name}\" is taken.");
        if (await provisioner.ProvisionAsync(account.PlayerId, account.Name, ct) is { } error)
        {
            // The account row alone would be a player without a profile: take it back.
            await store.DeleteAsync(account.PlayerId, ct);
            return AccountResult.Fail(error);
        }
        logger.LogInformation("Player registered: {PlayerName} ({PlayerId}, guest: {Guest})", account.Name, account.PlayerId, account.IsGuest);
        return AccountResult.Ok(account);
    }

    private static string? PasswordError(string? password) => password switch
    {
        null or { Length: < MinPasswordLength } => $"Password must be at least {MinPasswordLength} characters.",
        { Length: > MaxPasswordLength } => $"Password must be at most {MaxPasswordLength} characters.",
        _ => null,
    };

    private static string NewPlayerId() => $"p-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";
}
