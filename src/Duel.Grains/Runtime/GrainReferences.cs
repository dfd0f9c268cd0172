using Duel.Grains.Battles;
using Duel.Grains.Invites;
using Duel.Grains.Matchmaking;
using Duel.Grains.Players;

namespace Duel.Grains.Runtime;

/// <summary>
/// References to the duel's grains by key. <see cref="IGrainFactory.GetGrain{TGrainInterface}(string, string?)"/>
/// resolves the interface's grain type names from its attributes on every call (reflection and string
/// formatting: 3 % of a web node's CPU under human-paced load, <c>docs/performance.md</c>); the names cannot
/// change within a process, so each interface's are taken once from the first reference Orleans makes, and
/// later references are made from the grain id through the factory's own public overload.
/// </summary>
public static class GrainReferences
{
    public static IBattleGrain Battle(this IGrainFactory grains, string battleId) => Get<IBattleGrain>(grains, battleId);

    public static IPlayerGrain Player(this IGrainFactory grains, string playerId) => Get<IPlayerGrain>(grains, playerId);

    public static IPlayerNameGrain PlayerName(this IGrainFactory grains, string nameKey) => Get<IPlayerNameGrain>(grains, nameKey);

    public static IMatchmakerGrain Matchmaker(this IGrainFactory grains, string queue) => Get<IMatchmakerGrain>(grains, queue);

    public static IInviteGrain Invite(this IGrainFactory grains, string code) => Get<IInviteGrain>(grains, code);

    /// <summary>The same reference <c>GetGrain&lt;TGrain&gt;(key)</c> makes, without resolving its names again.</summary>
    public static TGrain Get<TGrain>(this IGrainFactory grains, string key) where TGrain : IGrainWithStringKey
    {
        if (Names<TGrain>.Resolved is not { } names)
        {
            var first = grains.GetGrain<TGrain>(key);
            var reference = (GrainReference)(object)first;
            Names<TGrain>.Resolved = new(reference.GrainId.Type, reference.InterfaceType);
            return first;
        }

        return (TGrain)grains.GetGrain(GrainId.Create(names.Grain, key), names.Interface);
    }

    // A reference type, so a reader sees either nothing or both names (a struct of two could tear); two
    // first calls racing both store the same names.
    private sealed record GrainNames(GrainType Grain, GrainInterfaceType Interface);

    private static class Names<TGrain>
    {
        public static GrainNames? Resolved;
    }
}
