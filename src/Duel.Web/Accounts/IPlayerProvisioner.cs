namespace Duel.Web.Accounts;

/// <summary>Creates the player's grain-side profile (name, starting rating) right after the account row.</summary>
public interface IPlayerProvisioner
{
    Task ProvisionAsync(string playerId, string name, CancellationToken ct);
}
