using Duel.Grains.Matchmaking;
using Duel.Grains.Players;

namespace Duel.Grains.Battles;

/// <summary>
/// Rematches: within the rematch window after the finish one player offers, the other accepts
/// (an offer from both sides counts as acceptance), and a new battle starts in the accepting turn.
/// </summary>
public sealed partial class BattleGrain
{
    public async Task<BattleCommandResult> OfferRematch(string playerId)
    {
        if (RematchRefusal(playerId) is { } refused)
        {
            return refused;
        }

        if (context.Now > S.FinishedAt + _options.RematchWindow)
        {
            return new(BattleCommandStatus.RematchUnavailable, "The rematch window has closed.");
        }

        if (S.Rematch is { } offer && context.Now <= offer.ExpiresAt)
        {
            return offer.OfferedBy == playerId
                ? BattleCommandResult.Ok("Rematch offered.")
                : await AcceptRematch(playerId);
        }

        var expires = context.Now + _options.RematchWindow;
        state.State = S with { Rematch = new RematchOffer(playerId, expires) };
        context.Publish(BattleEvents.RematchOffered, new RematchOfferedEvent(playerId, expires));
        return BattleCommandResult.Ok("Rematch offered.");
    }

    public async Task<BattleCommandResult> AcceptRematch(string playerId)
    {
        if (RematchRefusal(playerId) is { } refused)
        {
            return refused;
        }

        if (S.Rematch is not { } offer || offer.OfferedBy == playerId)
        {
            return new(BattleCommandStatus.RematchUnavailable, "Your opponent has not offered a rematch.");
        }

        if (context.Now > offer.ExpiresAt)
        {
            return new(BattleCommandStatus.RematchUnavailable, "The rematch offer has expired.");
        }

        var (a, b) = (S.Players[0].Id, S.Players[1].Id);
        await context.LockAsync<IPlayerGrain>([a, b]);
        var battleId = context.NewId();
        var challenge = S.Queue == ChallengePicker.AnyQueue
            ? ChallengePicker.Pick(
                ChallengePicker.AnyQueue,
                catalogue.All.Select(c => c.Slug),
                (await Player(a).GetProfile()).Solved,
                (await Player(b).GetProfile()).Solved,
                battleId,
                exclude: S.Challenge)
            : S.Challenge;
        var started = await context.GrainFactory.GetGrain<IBattleGrain>(battleId)
            .Start(new BattleStart(challenge, a, b, null, context.Key));
        if (!started.Succeeded)
        {
            return started;
        }

        state.State = S with { Rematch = offer with { NewBattleId = battleId } };
        context.Publish(BattleEvents.RematchStarted, new RematchStartedEvent(battleId, challenge));
        return new(BattleCommandStatus.Ok, "Rematch started.", BattleId: battleId);
    }

    private BattleCommandResult? RematchRefusal(string playerId)
    {
        if (Guard(playerId, activeOnly: false) is { } refused)
        {
            return refused;
        }

        if (S.Phase != BattlePhase.Finished)
        {
            return new(BattleCommandStatus.NotFinished, "A rematch is possible once the battle is over.");
        }

        return S.Rematch?.NewBattleId is { } started
            ? new(BattleCommandStatus.RematchUnavailable, "The rematch has started.", BattleId: started)
            : null;
    }
}
