namespace Duel.Web.Accounts;

/// <summary>Creates the player's grain-side profile (name, starting rating) right after the account row.</summary>
public interface IPlayerProvisioner
{
    /// <summary>Null on success, otherwise a message for the person registering.</summary>
    Task<string?> ProvisionAsync(string playerId, string name, CancellationToken ct);
}
