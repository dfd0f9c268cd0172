using Duel.Sandbox.Worker.Judging;

namespace Duel.Sandbox.Tests;

/// <summary>The challenge files as the worker sees them (copied next to its binary).</summary>
internal static class Challenges
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "challenges");

    public static IEnumerable<string> Files => System.IO.Directory.GetFiles(Directory, "*.json").Order();

    public static ChallengeFile Load(string slug) => ChallengeFile.Load(Path.Combine(Directory, slug + ".json"));
}
