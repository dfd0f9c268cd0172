using Microsoft.Extensions.DependencyInjection;

namespace Duel.Silo.Tests.Grains;

public static class TestGrains
{
    public static IServiceCollection Register(IServiceCollection services) => services
        .AddGrain<ICounterGrain, CounterGrain>();
}
