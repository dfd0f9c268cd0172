using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Duel.Grains.Catalogue;

public static class ChallengeCatalogueRegistration
{
    /// <summary>
    /// Registers the <see cref="ChallengeCatalogue"/> singleton, bound to <c>Duel:Challenges</c>. The
    /// files are validated when the host starts; a bad file stops start-up.
    /// </summary>
    public static IServiceCollection AddChallengeCatalogue(this IServiceCollection services)
    {
        services.AddOptions<ChallengeCatalogueOptions>()
            .BindConfiguration(ChallengeCatalogueOptions.Section)
            .ValidateOnStart();
        services.TryAddSingleton<ChallengeDirectoryCache>();
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<ChallengeCatalogueOptions>, ChallengeCatalogueOptionsValidator>());
        services.TryAddSingleton(sp => ChallengeCatalogue.From(sp.GetRequiredService<ChallengeDirectoryCache>()
            .Load(sp.GetRequiredService<IOptions<ChallengeCatalogueOptions>>().Value.Path)));
        return services;
    }
}
