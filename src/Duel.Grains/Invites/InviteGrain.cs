using Duel.Grains.Battles;
using Duel.Grains.Catalogue;
using Duel.Grains.Matchmaking;
using Duel.Grains.Players;
using Duel.Grains.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Duel.Grains.Invites;

/// <summary>
/// One invite. Accepting stores the friend, the battle id and its challenge (phase Accepting) before it
/// starts the battle, so a retried accept after a crash starts the same battle (the start is idempotent)
/// and the invite is used at most once. A start refused because a player is busy reopens the invite.
/// </summary>
public sealed class InviteGrain(
    [PersistentState("invite", GrainStorage.Name)] IPersistentState<InviteState> state,
    GrainServices services,
    IOptions<InviteOptions> options,
    ChallengeCatalogue catalogue,
    ILogger<InviteGrain> logger) : DuelGrain<InviteState>(state, services, logger, "invite"), IInviteGrain
{
    private InviteState S => State;

    public async Task<InviteResult> Create(string creatorId, string? challenge, bool rated)
    {
        if (S.Phase != InvitePhase.None)
        {
            return new(InviteStatus.AlreadyExists, "This invite code is taken; try again.");
        }

        var slug = challenge is null or ChallengePicker.AnyQueue ? null : challenge;
        if (slug is not null && catalogue.Find(slug) is null)
        {
            return new(InviteStatus.UnknownChallenge, $"There is no challenge '{slug}'.");
        }

        var creator = await GrainFactory.Player(creatorId).GetProfile();
        if (!creator.Exists)
        {
            return new(InviteStatus.NotRegistered, "Sign in first.");
        }

        State = S with
        {
            Phase = InvitePhase.Open,
            CreatorId = creatorId,
            CreatorName = creator.Name,
            Challenge = slug,
            Rated = rated,
            ExpiresAt = Now + options.Value.Lifetime,
        };
        return new(InviteStatus.Ok, "Invite created: send the link to a friend.");
    }

    public async Task<InviteResult> Accept(string playerId)
    {
        if (Refusal(playerId) is { } refused)
        {
            return refused;
        }

        if (S.Phase == InvitePhase.Open)
        {
            var friend = await Player(playerId).GetProfile();
            if (!friend.Exists)
            {
                return new(InviteStatus.NotRegistered, "Sign in or play as a guest first.");
            }

            var battleId = MatchmakerGrain.BattleId();
            var creator = await Player(S.CreatorId).GetProfile();
            var challenge = S.Challenge ?? ChallengePicker.Pick(
                ChallengePicker.AnyQueue, catalogue.All.Select(c => c.Slug), creator.Solved, friend.Solved, battleId);
            State = S with { Phase = InvitePhase.Accepting, FriendId = playerId, BattleId = battleId, BattleChallenge = challenge };
            await CommitAsync();
        }

        var started = await GrainFactory.Battle(S.BattleId!)
            .Start(new BattleStart(S.BattleChallenge!, S.CreatorId, S.FriendId!, null, null, S.Rated));
        if (!started.Started)
        {
            State = S with { Phase = InvitePhase.Open, FriendId = null, BattleId = null, BattleChallenge = null };
            return new(InviteStatus.Busy, started.Message);
        }

        State = S with { Phase = InvitePhase.Used };
        return new(InviteStatus.Ok, "Battle started.", S.BattleId);
    }

    public Task<InviteResult> Cancel(string playerId)
    {
        InviteResult result = S switch
        {
            { Phase: InvitePhase.None } => new(InviteStatus.NotFound, "There is no such invite."),
            _ when S.CreatorId != playerId => new(InviteStatus.NotCreator, "Only the player who made the invite can cancel it."),
            { Phase: InvitePhase.Cancelled } => new(InviteStatus.Ok, "The invite is cancelled."),
            { Phase: not InvitePhase.Open } => new(InviteStatus.Used, "Your friend has accepted already.", S.BattleId),
            _ => new(InviteStatus.Ok, "The invite is cancelled."),
        };
        if (result.Succeeded && S.Phase == InvitePhase.Open)
        {
            State = S with { Phase = InvitePhase.Cancelled };
        }

        return Task.FromResult(result);
    }

    public Task<InviteView> Get() => Task.FromResult(new InviteView(
        Key, S.Phase, NullIfEmpty(S.CreatorId), NullIfEmpty(S.CreatorName), S.Challenge, S.Rated, S.ExpiresAt,
        S.Phase == InvitePhase.Open && Now > S.ExpiresAt, S.BattleId));

    protected override Task OnReminder(string name) => Task.CompletedTask;

    /// <summary>Why <paramref name="playerId"/> may not accept; null when open (or when resuming their own accept).</summary>
    private InviteResult? Refusal(string playerId) => S switch
    {
        { Phase: InvitePhase.None } => new(InviteStatus.NotFound, "There is no such invite. Check the link."),
        { Phase: InvitePhase.Cancelled } => new(InviteStatus.Cancelled, $"{S.CreatorName} cancelled this invite."),
        { Phase: InvitePhase.Used } when S.FriendId == playerId => new(InviteStatus.Ok, "Battle started.", S.BattleId),
        { Phase: InvitePhase.Used or InvitePhase.Accepting } when S.FriendId != playerId =>
            new(InviteStatus.Used, "This invite has been used already: an invite is good for one duel."),
        _ when S.CreatorId == playerId => new(InviteStatus.OwnInvite, "This is your own invite: send the link to a friend."),
        { Phase: InvitePhase.Open } when Now > S.ExpiresAt =>
            new(InviteStatus.Expired, "This invite has expired. Ask your friend for a new link."),
        _ => null,
    };

    private IPlayerGrain Player(string id) => GrainFactory.Player(id);

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
