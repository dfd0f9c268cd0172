using System.Text.Json.Nodes;
using Duel.Testing;

namespace Duel.Grains.Tests.Matchmaking;

/// <summary>Two silos and a catalogue of two challenges (the shipped palindrome and a renamed copy, <c>mirror</c>).</summary>
public sealed class SmallCatalogueFixture : TestClusterFixture
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "duel-any-" + Guid.NewGuid().ToString("N"));

    public SmallCatalogueFixture()
    {
        Directory.CreateDirectory(_directory);
        var source = Path.Combine(AppContext.BaseDirectory, "challenges", "palindrome.json");
        File.Copy(source, Path.Combine(_directory, "palindrome.json"));
        var mirror = JsonNode.Parse(File.ReadAllText(source))!.AsObject();
        mirror["slug"] = "mirror";
        mirror["title"] = "The Mirror";
        File.WriteAllText(Path.Combine(_directory, "mirror.json"), mirror.ToJsonString());
    }

    protected override int SiloCount => 2;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Duel:Challenges:Path"] = _directory,
        // Ratings drift as the solver keeps winning; a wide window keeps every pair compatible.
        ["Duel:Matchmaking:InitialWindow"] = "2000",
        ["Duel:Matchmaking:MaxWindow"] = "2000",
    };
}
