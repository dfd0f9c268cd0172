namespace Duel.Web.Lobby;

/// <summary>The live part of the lobby: who is online, how many wait in each queue, the top ten.</summary>
public sealed record LobbySnapshot(
    IReadOnlyList<string> Online,
    IReadOnlyList<(string Queue, int Waiting)> Queues,
    IReadOnlyList<LeaderboardRow> Top)
{
    /// <summary>A poll's response (not the page): it also updates each challenge's count out of band.</summary>
    public bool Poll { get; init; }

    public int InQueue => Queues.Sum(q => q.Waiting);

    public int WaitingIn(string queue) => Queues.FirstOrDefault(q => q.Queue == queue).Waiting;
}
