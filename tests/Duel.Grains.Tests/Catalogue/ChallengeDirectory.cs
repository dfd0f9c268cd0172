using System.Text.Json.Nodes;

namespace Duel.Grains.Tests.Catalogue;

/// <summary>A throwaway <c>challenges</c> folder seeded from the shipped palindrome file.</summary>
internal sealed class ChallengeDirectory : IDisposable
{
    private readonly string _root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "duel-catalogue-" + Guid.NewGuid().ToString("N"));

    public ChallengeDirectory()
    {
        Path = System.IO.Path.Combine(_root, "challenges");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public static string ShippedPath => System.IO.Path.Combine(AppContext.BaseDirectory, "challenges");

    /// <summary>The shipped palindrome challenge as an editable JSON tree.</summary>
    public static JsonObject Palindrome() =>
        JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(ShippedPath, "palindrome.json")))!.AsObject();

    public ChallengeDirectory Write(string fileName, JsonObject challenge) => WriteText(fileName, challenge.ToJsonString());

    public ChallengeDirectory WriteText(string fileName, string text)
    {
        File.WriteAllText(System.IO.Path.Combine(Path, fileName), text);
        return this;
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
