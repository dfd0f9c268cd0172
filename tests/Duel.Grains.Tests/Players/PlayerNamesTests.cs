using Duel.Grains.Players;

namespace Duel.Grains.Tests.Players;

public sealed class PlayerNamesTests
{
    [Theory]
    [InlineData("Alice", true)]
    [InlineData("bob_the-2nd", true)]
    [InlineData("ab", false)]
    [InlineData("a-name-that-is-far-too-long", false)]
    [InlineData("with space", false)]
    [InlineData("Ünïcode", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Names_are_short_ascii_words(string? name, bool valid) => Assert.Equal(valid, PlayerNames.IsValid(name));

    [Fact]
    public void Names_differing_only_in_case_share_one_key() =>
        Assert.Equal(PlayerNames.Key("ALICE"), PlayerNames.Key("alice"));
}
