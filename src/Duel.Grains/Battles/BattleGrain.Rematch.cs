using Duel.Grains.Matchmaking;
using Duel.Grains.Runtime;

namespace Duel.Grains.Battles;

/// <summary>
/// Rematches: within the rematch window after the finish one player offers, the other accepts
/// (an offer from both sides counts as acceptance), and a new battle starts in the accepting call.
/// The new battle checks and moves both players itself (its start protocol), so this battle only
/// records which battle its rematch became.
/// </summary>
public sealed partial class BattleGrain
{
    public async Task<BattleCommandResult> OfferRematch(string playerId)
    {
        if (RematchRefusal(playerId) is { } refused)
        {
            return refused;
        }

        if (Now > S.FinishedAt + _options.RematchWindow)
        {
            return new(BattleCommandStatus.RematchUnavailable, "The rematch window has closed.");
        }

        if (S.Rematch is { } offer && Now <= offer.ExpiresAt)
        {
            return offer.OfferedBy == playerId
                ? BattleCommandResult.Ok("Rematch offered.")
                : await AcceptRematch(playerId);
        }

        var expires = Now + _options.RematchWindow;
        State = S with { Rematch = new RematchOffer(playerId, expires) };
        Publish(BattleEvents.RematchOffered, new RematchOfferedEvent(playerId, expires));
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

        if (Now > offer.ExpiresAt)
        {
            return new(BattleCommandStatus.RematchUnavailable, "The rematch offer has expired.");
        }

        var (a, b) = (S.Players[0].Id, S.Players[1].Id);
        var battleId = MatchmakerGrain.BattleId();
        var challenge = S.Queue == ChallengePicker.AnyQueue
            ? ChallengePicker.Pick(
                ChallengePicker.AnyQueue,
                catalogue.All.Select(c => c.Slug),
                (await Player(a).GetProfile()).Solved,
                (await Player(b).GetProfile()).Solved,
                battleId,
                exclude: S.Challenge)
            : S.Challenge;
        var started = await GrainFactory.Battle(battleId)
            .Start(new BattleStart(challenge, a, b, null, Key, Rated: !S.Casual));
        if (!started.Succeeded)
        {
            return started;
        }

        State = S with { Rematch = offer with { NewBattleId = battleId } };
        Publish(BattleEvents.RematchStarted, new RematchStartedEvent(battleId, challenge));
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

        if (S.Ghost is not null)
        {
            return new(BattleCommandStatus.RematchUnavailable, "A ghost takes no rematch; start another practice instead.");
        }

        return S.Rematch?.NewBattleId is { } started
            ? new(BattleCommandStatus.RematchUnavailable, "The rematch has started.", BattleId: started)
            : null;
    }
}
