using Orleans.Concurrency;

namespace Duel.Grains.Players;

/// <summary>
/// A claimed display name (key: the name in lower case, see <see cref="PlayerNames.Key"/>). The
/// player grain claims its name inside its Register turn, so two players racing for one name are
/// serialised on this row and the loser gets a clear "name taken" result instead of a constraint
/// violation.
/// </summary>
[Alias("duel.IPlayerNameGrain")]
public interface IPlayerNameGrain : IGrainWithStringKey
{
    /// <summary>Claims the name for <paramref name="playerId"/> if it is free; returns the owner either way.</summary>
    [Alias("Claim")]
    Task<string> Claim(string playerId);

    /// <summary>The owner's player id, or null when the name is free.</summary>
    [ReadOnly]
    [Alias("GetOwner")]
    Task<string?> GetOwner();
}
