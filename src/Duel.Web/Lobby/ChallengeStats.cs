namespace Duel.Web.Lobby;

/// <summary>A challenge's record in finished battles: the lobby shows its solve rate and median time to solve.</summary>
public sealed record ChallengeStats(string Challenge, int Finished, int Solved, double? MedianSolveSeconds)
{
    public string SolveRate => Finished == 0 ? "no battles yet" : $"solved in {100 * Solved / Finished}% of {Finished}";

    public string? MedianSolve => MedianSolveSeconds is { } s ? $"median {TimeSpan.FromSeconds(Math.Round(s)):m\\:ss}" : null;
}
