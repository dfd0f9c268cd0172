using Duel.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Duel.Silo.Tests.Orleans;

/// <summary>
/// Orleans sizes each directory cache's table for its capacity, and the dashboard walks that table once a
/// second: a silo of this cluster keeps a capacity for the grains it addresses, which operators can change.
/// </summary>
public sealed class DirectoryCacheSizeTests
{
    [Fact]
    public async Task A_silo_keeps_a_directory_cache_sized_for_a_duel_cluster_and_configuration_changes_it()
    {
        await using (var cluster = await TestCluster.StartAsync(silos: 1))
        {
            Assert.Equal(SiloHostingExtensions.DirectoryCacheSize, DirectoryOptions(cluster).CacheSize);
        }

        var settings = new Dictionary<string, string?> { ["Orleans:Directory:CacheSize"] = "1234" };
        await using (var cluster = await TestCluster.StartAsync(silos: 1, settings))
        {
            Assert.Equal(1234, DirectoryOptions(cluster).CacheSize);
        }
    }

    private static GrainDirectoryOptions DirectoryOptions(TestCluster cluster) =>
        cluster.Services().GetRequiredService<IOptions<GrainDirectoryOptions>>().Value;
}
