using Xunit;

namespace Duel.Testing;

/// <summary>
/// Base for an xunit class fixture owning a <see cref="TestCluster"/>: override <see cref="SiloCount"/> and
/// <see cref="Settings"/>. See <see cref="TestCluster"/> for an example.
/// </summary>
public abstract class TestClusterFixture : IAsyncLifetime
{
    private TestCluster? _cluster;

    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    protected virtual int SiloCount => 3;

    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(SiloCount, Settings);

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
