using Duel.Grains.Runtime;
using Duel.Web.Battles;
using Duel.Web.Realtime;

namespace Duel.Web.Mirroring;

/// <summary>Relays an accepted snapshot to every node (this one included) as an ephemeral event on the battle's stream.</summary>
public sealed class CodeRelay(IEventBus bus)
{
    public void Publish(CodeSnapshot snapshot) =>
        bus.PublishEphemeral(BattleScreens.Stream(snapshot.BattleId), EventBridge.CodeEvent,
            new CodeUpdate(snapshot.BattleId, snapshot.PlayerId, snapshot.Seq, snapshot.Code));
}
