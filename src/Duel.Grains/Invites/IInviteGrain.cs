using Orleans.Concurrency;

namespace Duel.Grains.Invites;

/// <summary>
/// A duel-a-friend invite (key: the code in its link, <c>/duel/{code}</c>). Single use, open for
/// <see cref="InviteOptions.Lifetime"/>, cancellable by its creator, refused to its creator. Accepting
/// starts the battle of creator and friend (calls flow Invite → Battle → Player, like a queue's).
/// </summary>
[Alias("duel.IInviteGrain")]
public interface IInviteGrain : IGrainWithStringKey
{
    /// <summary>Opens the invite. <paramref name="challenge"/> null or <c>any</c>: a challenge neither has solved.</summary>
    [Alias("Create")]
    Task<InviteResult> Create(string creatorId, string? challenge, bool rated);

    /// <summary>The friend accepts: starts the battle. Accepting again (the same friend) returns the same battle.</summary>
    [Alias("Accept")]
    Task<InviteResult> Accept(string playerId);

    /// <summary>Only the creator may cancel, and only while the invite is open.</summary>
    [Alias("Cancel")]
    Task<InviteResult> Cancel(string playerId);

    [ReadOnly]
    [Alias("Get")]
    Task<InviteView> Get();
}

[GenerateSerializer, Alias("duel.InviteStatus")]
public enum InviteStatus { Ok, NotFound, Expired, Used, Cancelled, OwnInvite, NotCreator, Busy, UnknownChallenge, NotRegistered, AlreadyExists }

/// <summary>Outcome of an invite command, phrased for the player; <see cref="BattleId"/> once accepted.</summary>
[GenerateSerializer, Alias("duel.InviteResult")]
public sealed record InviteResult(InviteStatus Status, string Message, string? BattleId = null)
{
    public bool Succeeded => Status == InviteStatus.Ok;
}

[GenerateSerializer, Alias("duel.InvitePhase")]
public enum InvitePhase { None, Open, Accepting, Used, Cancelled }

/// <summary>An invite as its page shows it. <see cref="Expired"/> is judged at the time of the read.</summary>
[GenerateSerializer, Alias("duel.InviteView")]
public sealed record InviteView(
    string Code,
    InvitePhase Phase,
    string? CreatorId,
    string? CreatorName,
    string? Challenge,
    bool Rated,
    DateTimeOffset ExpiresAt,
    bool Expired,
    string? BattleId)
{
    public bool Exists => Phase != InvitePhase.None;
}
