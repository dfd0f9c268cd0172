using Duel.Grains.Matchmaking;

namespace Duel.Grains.Tests.Matchmaking;

public sealed class ChallengePickerTests
{
    private static readonly string[] Catalogue = ["anagram", "fizz", "palindrome", "primes", "sum-pairs"];

    [Fact]
    public void A_slug_queue_plays_its_own_challenge() =>
        Assert.Equal("palindrome", ChallengePicker.Pick("palindrome", Catalogue, ["palindrome"], [], "b-1"));

    [Fact]
    public void Any_picks_a_challenge_neither_player_has_solved()
    {
        string[] solvedA = ["anagram", "fizz"];
        string[] solvedB = ["primes", "sum-pairs"];
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal("palindrome", ChallengePicker.Pick("any", Catalogue, solvedA, solvedB, $"battle-{i}"));
        }
    }

    [Fact]
    public void Any_spreads_over_the_unsolved_challenges_and_is_stable_per_battle_id()
    {
        var picks = Enumerable.Range(0, 200).Select(i => ChallengePicker.Pick("any", Catalogue, ["fizz"], [], $"b-{i}")).ToList();

        Assert.DoesNotContain("fizz", picks);
        Assert.Equal(4, picks.Distinct().Count());
        Assert.Equal(picks, Enumerable.Range(0, 200).Select(i => ChallengePicker.Pick("any", Catalogue, ["fizz"], [], $"b-{i}")));
    }

    [Fact]
    public void Any_falls_back_to_the_whole_catalogue_when_both_solved_everything()
    {
        var pick = ChallengePicker.Pick("any", Catalogue, Catalogue, [], "b-9");

        Assert.Contains(pick, Catalogue);
    }

    [Fact]
    public void A_rematch_excludes_the_challenge_just_played()
    {
        var picks = Enumerable.Range(0, 100).Select(i => ChallengePicker.Pick("any", Catalogue, [], [], $"r-{i}", exclude: "primes"));

        Assert.DoesNotContain("primes", picks);
    }
}
