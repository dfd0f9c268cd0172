using Microsoft.Extensions.DependencyInjection;

namespace Duel.Silo;

/// <summary>The duel's grains, read-model writers and job handlers, added to the grain runtime.</summary>
public static class DuelGrainRegistrations
{
    public static IServiceCollection AddDuelGrains(this IServiceCollection services) => services;
}
