using Duel.Grains.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Duel.Testing;

/// <summary>
/// A real cluster in one test process: a fresh database on the run's PostgreSQL (see <see cref="TestPostgres"/>),
/// migrated, and N silos, each a separate host with its own <see cref="NpgsqlDataSource"/> and silo id
/// (<c>silo-{cluster}-0</c>, <c>silo-{cluster}-1</c>, …, unique per cluster) running the full runtime (reminders, job-result applier, event bus).
/// Disposing stops the silos and drops the database.
/// </summary>
/// <example>
/// A fixture shared by a test class, with test grains registered next to the duel's own:
/// <code>
/// public sealed class BattleClusterFixture : TestClusterFixture
/// {
///     protected override int SiloCount => 2;
///     protected override void Configure(IServiceCollection services) =>
///         services.AddGrain&lt;ICounterGrain, CounterGrain&gt;();
/// }
///
/// public sealed class BattleTests(BattleClusterFixture fixture) : IClassFixture&lt;BattleClusterFixture&gt;
/// {
///     [Fact]
///     public async Task Counts()
///     {
///         var grain = fixture.Cluster.Grains(0).GetGrain&lt;ICounterGrain&gt;("c-1");
///         await grain.Increment();
///         Assert.Equal(1, await fixture.Cluster.Grains(1).GetGrain&lt;ICounterGrain&gt;("c-1").Get());
///         await using var connection = await fixture.Cluster.DataSource.OpenConnectionAsync(); // SQL assertions
///     }
/// }
/// </code>
/// Or without a fixture: <c>await using var cluster = await TestCluster.StartAsync(silos: 3, configure: s =&gt; …);</c>.
/// <c>settings</c> overrides configuration keys, e.g. <c>["Duel:ReminderPollInterval"] = "00:00:00.100"</c>.
/// </example>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly List<TestSilo> _silos = [];
    private readonly Action<IServiceCollection>? _configure;
    private readonly IReadOnlyDictionary<string, string?>? _settings;
    private readonly string _name = Guid.NewGuid().ToString("N")[..6];
    private int _ids;

    private TestCluster(string connectionString, Action<IServiceCollection>? configure, IReadOnlyDictionary<string, string?>? settings)
    {
        ConnectionString = connectionString;
        _configure = configure;
        _settings = settings;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>The cluster's database (fresh for this cluster).</summary>
    public string ConnectionString { get; }

    /// <summary>A pool of the test's own, for assertions in SQL.</summary>
    public NpgsqlDataSource DataSource { get; }

    public IReadOnlyList<TestSilo> Silos => _silos;

    public TestSilo this[int silo] => _silos[silo];

    public IGrainFactory Grains(int silo = 0) => _silos[silo].Grains;

    public IEventBus Events(int silo = 0) => _silos[silo].Events;

    public static async Task<TestCluster> StartAsync(
        int silos = 1, Action<IServiceCollection>? configure = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var cluster = new TestCluster(await TestPostgres.CreateDatabaseAsync(), configure, settings);
        try
        {
            // Together, as nodes of a real cluster start: the migrations must cope.
            await Task.WhenAll(Enumerable.Range(0, silos).Select(_ => cluster.AddSiloAsync()));
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    /// <summary>Starts one more silo.</summary>
    public async Task<TestSilo> AddSiloAsync()
    {
        string id;
        lock (_silos)
        {
            id = $"silo-{_name}-{_ids++}";
        }
        var silo = await TestSilo.StartAsync(id, ConnectionString, _configure, _settings);
        lock (_silos)
        {
            _silos.Add(silo);
        }
        return silo;
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_silos.Select(s => s.StopAsync()));
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await TestPostgres.DropDatabaseAsync(ConnectionString);
    }
}
