using Duel.Grains.Runtime;

namespace Duel.Grains.Players;

/// <summary>First claim wins; names are never released (old battles keep showing them).</summary>
public sealed class PlayerNameGrain(IPersistentState<PlayerNameState> state) : IPlayerNameGrain
{
    public Task<string> Claim(string playerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(playerId);
        if (state.State.Owner is { } owner)
        {
            return Task.FromResult(owner);
        }

        state.State = new PlayerNameState { Owner = playerId };
        return Task.FromResult(playerId);
    }

    public Task<string?> GetOwner() => Task.FromResult(state.State.Owner);
}
