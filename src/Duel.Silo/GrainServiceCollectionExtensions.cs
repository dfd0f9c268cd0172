using Duel.Grains.Runtime;
using Duel.Silo.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Duel.Silo;

/// <summary>Registration of grains, read-model writers and job-result handlers (see <c>DuelGrainRegistrations</c>).</summary>
public static class GrainServiceCollectionExtensions
{
    /// <summary>Registers a grain class for its interface, which carries <c>[GrainType(name, level)]</c>.</summary>
    public static IServiceCollection AddGrain<TInterface, TGrain>(this IServiceCollection services)
        where TInterface : IGrain where TGrain : class, TInterface
    {
        services.AddSingleton(GrainRegistration.Create<TInterface, TGrain>());
        return services;
    }

    public static IServiceCollection AddReadModelWriter<TFact, TWriter>(this IServiceCollection services)
        where TFact : class where TWriter : class, IReadModelWriter<TFact>
    {
        services.AddSingleton<IReadModelWriter<TFact>, TWriter>();
        return services;
    }

    /// <summary>
    /// Handles finished jobs of <paramref name="queue"/>. The handler runs as a turn's body: the grain calls it
    /// makes join one transaction with marking the job applied, so a result is applied exactly once.
    /// </summary>
    public static IServiceCollection AddJobResultHandler(
        this IServiceCollection services, string queue, Func<IGrainFactory, CompletedJob, Task> handler)
    {
        services.AddSingleton(new JobResultHandler(queue, handler));
        return services;
    }
}
