namespace Duel.Grains.Catalogue;

/// <summary>Where the challenge files live (section <c>Duel:Challenges</c>).</summary>
public sealed class ChallengeCatalogueOptions
{
    public const string Section = "Duel:Challenges";

    /// <summary>Directory of <c>&lt;slug&gt;.json</c> files; the build copies the repository's files next to the binaries.</summary>
    public string Path { get; set; } = System.IO.Path.Combine(AppContext.BaseDirectory, "challenges");
}
