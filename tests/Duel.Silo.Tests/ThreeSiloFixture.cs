using Duel.Silo.Tests.Grains;
using Duel.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Duel.Silo.Tests;

/// <summary>Three silos with every test grain registered.</summary>
public class ThreeSiloFixture : TestClusterFixture
{
    protected override int SiloCount => 3;

    protected override void Configure(IServiceCollection services) => TestGrains.Register(services);
}
