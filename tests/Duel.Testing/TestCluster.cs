using System.Net;
using System.Net.Sockets;
using Duel.Grains.Runtime;
using Duel.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.TestingHost;

namespace Duel.Testing;

/// <summary>
/// A real Orleans cluster in one test process (<c>Orleans.TestingHost</c>): N silos configured exactly like
/// production (<see cref="SiloHostingExtensions.AddDuelOrleans"/>): membership in the run's Redis
/// (<see cref="TestRedis"/>), grain state and reminders in a fresh database on the run's PostgreSQL
/// (<see cref="TestPostgres"/>), migrated by the first silo. Disposing stops the silos and drops the database.
/// </summary>
/// <example>
/// <code>
/// await using var cluster = await TestCluster.StartAsync(silos: 3);
/// var battle = cluster.Grains(1).GetGrain&lt;IBattleGrain&gt;("b-1");   // a call through silo 1
/// await cluster.KillSiloAsync(0);                                      // abrupt: no deactivation, no goodbye
/// </code>
/// <c>settings</c> overrides configuration keys of every silo, e.g. <c>["Duel:Battle:Duration"] = "00:00:08"</c>.
/// </example>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly Orleans.TestingHost.TestCluster _host;

    private TestCluster(Orleans.TestingHost.TestCluster host, string connectionString)
    {
        _host = host;
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>The cluster's database (fresh for this cluster).</summary>
    public string ConnectionString { get; }

    /// <summary>A pool of the test's own, for assertions in SQL.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>The silos now running (a killed or stopped silo leaves this list).</summary>
    public IReadOnlyList<SiloHandle> Silos => _host.Silos;

    public Orleans.TestingHost.TestCluster Host => _host;

    /// <summary>The grain factory of silo <paramref name="silo"/>: calls made through it enter the cluster there.</summary>
    public IGrainFactory Grains(int silo = 0) => Services(silo).GetRequiredService<IGrainFactory>();

    public IEventBus Events(int silo = 0) => Services(silo).GetRequiredService<IEventBus>();

    public IServiceProvider Services(int silo = 0) => ((InProcessSiloHandle)_host.Silos[silo]).SiloHost.Services;

    /// <param name="maxPoolSize">Connections per pool; the silos of this process share the AdoNet providers' pool.</param>
    public static async Task<TestCluster> StartAsync(int silos = 3, IReadOnlyDictionary<string, string?>? settings = null, int maxPoolSize = 40)
    {
        // Three silos in one process share the test server's connections (and their pools) with other test projects.
        var connectionString = await TestPostgres.CreateDatabaseAsync() + $";Maximum Pool Size={maxPoolSize}";
        var id = $"test-{Guid.NewGuid():N}"[..17];
        var configuration = new Dictionary<string, string?>
        {
            ["Duel:Postgres"] = connectionString,
            ["Duel:Redis"] = TestRedis.ConfigurationString,
            ["Duel:ClusterId"] = id,
            ["Duel:ServiceId"] = id,
            ["Duel:JobSweepInterval"] = "00:00:00.500",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var builder = new TestClusterBuilder((short)silos);
        builder.Options.ClusterId = id;
        builder.Options.ServiceId = id;
        // Real membership (Redis) instead of the test host's in-memory table; tests call through silos, not a client.
        builder.Options.UseTestClusterMembership = false;
        builder.Options.InitializeClientOnDeploy = false;
        (builder.Options.BaseSiloPort, builder.Options.BaseGatewayPort) = (FreePort(), FreePort());
        builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(configuration));
        builder.AddSiloBuilderConfigurator<DuelSiloConfigurator>();
        var host = builder.Build();
        var cluster = new TestCluster(host, connectionString);
        try
        {
            await host.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    /// <summary>Kills silo <paramref name="silo"/> abruptly (as SIGKILL would): its activations vanish unstored.</summary>
    public Task KillSiloAsync(int silo) => _host.KillSiloAsync(_host.Silos[silo]);

    /// <summary>Stops every silo and starts the same number again on the same database and Redis.</summary>
    public async Task RestartAsync()
    {
        var count = _host.Silos.Count;
        await _host.StopAllSilosAsync();
        await _host.DeployAsync();
        while (_host.Silos.Count < count)
        {
            await _host.StartAdditionalSiloAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAllSilosAsync();
        }
        finally
        {
            await _host.DisposeAsync();
            await DataSource.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            await TestPostgres.DropDatabaseAsync(ConnectionString);
        }
    }

    /// <summary>A free loopback port from the kernel, so parallel test clusters do not collide.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class DuelSiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.AddDuelOrleans();
    }
}
