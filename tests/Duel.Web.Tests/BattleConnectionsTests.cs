using Duel.Web.Realtime;

namespace Duel.Web.Tests;

/// <summary>The audience a node renders a battle's events for: the players it holds and whether anyone else watches.</summary>
public sealed class BattleConnectionsTests
{
    private static readonly string[] Sides = ["p-a", "p-b"];

    [Fact]
    public void A_node_renders_only_for_the_players_and_spectators_it_holds()
    {
        var connections = new BattleConnections();
        Assert.Equal("|false", Normalise(connections.Audience("b-1", Sides)));

        connections.Attend("b-1", "p-a", "c1");
        connections.Attend("b-1", "p-a", "c2"); // a second tab
        Assert.Equal("p-a|false", Normalise(connections.Audience("b-1", Sides)));

        connections.Attend("b-1", "p-watcher", "c3");
        Assert.Equal("p-a|true", Normalise(connections.Audience("b-1", Sides)));
        Assert.Equal("|false", Normalise(connections.Audience("b-2", Sides)));

        connections.Depart("b-1", "p-a", "c1");
        Assert.Equal("p-a|true", Normalise(connections.Audience("b-1", Sides)));
        connections.Depart("b-1", "p-a", "c2");
        connections.Depart("b-1", "p-watcher", "c3");
        Assert.Equal("|false", Normalise(connections.Audience("b-1", Sides)));
    }

    private static string Normalise((IReadOnlyList<string> Players, bool Spectators) audience) =>
        $"{string.Join(',', audience.Players.Order())}|{(audience.Spectators ? "true" : "false")}";
}
