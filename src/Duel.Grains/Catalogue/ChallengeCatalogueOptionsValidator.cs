using Microsoft.Extensions.Options;

namespace Duel.Grains.Catalogue;

/// <summary>
/// Validates the options by loading the directory, so that ValidateOnStart stops start-up with a
/// message naming each bad file and field instead of failing at the first battle.
/// </summary>
internal sealed class ChallengeCatalogueOptionsValidator(ChallengeDirectoryCache directories) : IValidateOptions<ChallengeCatalogueOptions>
{
    public ValidateOptionsResult Validate(string? name, ChallengeCatalogueOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            return ValidateOptionsResult.Fail($"{ChallengeCatalogueOptions.Section}:Path: required");
        }

        var result = directories.Load(options.Path);
        return result.IsValid ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(result.Errors);
    }
}
