using Duel.Grains.Runtime;

namespace Duel.Web.Accounts;

/// <summary>Registers the player grain; idempotent, so a retried registration is harmless.</summary>
public sealed class GrainPlayerProvisioner(IGrainFactory grains) : IPlayerProvisioner
{
    public async Task<string?> ProvisionAsync(string playerId, string name, CancellationToken ct)
    {
        var result = await grains.Player(playerId).Register(name);
        return result.Succeeded ? null : result.Message;
    }
}
