using Duel.Grains.Runtime;
using Microsoft.Extensions.Logging;

namespace Duel.Grains.Players;

/// <summary>First claim wins; names are never released (old battles keep showing them).</summary>
public sealed class PlayerNameGrain(
    [PersistentState("player-name", GrainStorage.Name)] IPersistentState<PlayerNameState> state,
    GrainServices services,
    ILogger<PlayerNameGrain> logger) : DuelGrain<PlayerNameState>(state, services, logger, "player-name"), IPlayerNameGrain
{
    public Task<string> Claim(string playerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(playerId);
        if (State.Owner is { } owner)
        {
            return Task.FromResult(owner);
        }

        State = State with { Owner = playerId };
        return Task.FromResult(playerId);
    }

    public Task<string?> GetOwner() => Task.FromResult(State.Owner);

    protected override Task OnReminder(string name) => Task.CompletedTask;
}
