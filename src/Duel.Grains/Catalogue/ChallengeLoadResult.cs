namespace Duel.Grains.Catalogue;

/// <summary>The challenges that parsed, and every problem found ("file: field: problem").</summary>
public sealed record ChallengeLoadResult(IReadOnlyList<Challenge> Challenges, IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
