namespace Duel.Grains.Catalogue;

/// <summary>The challenge files are invalid; <see cref="Errors"/> lists each problem as "file: field: problem".</summary>
public sealed class ChallengeCatalogueException(IReadOnlyList<string> errors)
    : Exception("Invalid challenge catalogue:" + Environment.NewLine + string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
