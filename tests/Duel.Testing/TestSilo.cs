using Duel.Grains.Runtime;
using Duel.Silo;
using Duel.Silo.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Duel.Testing;

/// <summary>One silo of a <see cref="TestCluster"/>: a separate in-process host with its own data source and id.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private bool _stopped;

    private TestSilo(string id, IHost host)
    {
        Id = id;
        Host = host;
    }

    public string Id { get; }

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public IEventBus Events => Services.GetRequiredService<IEventBus>();

    /// <summary>This silo's own pool; its connections carry the application name <see cref="Id"/>.</summary>
    public NpgsqlDataSource DataSource => Services.GetRequiredService<NpgsqlDataSource>();

    public RuntimeCounters Counters => Services.GetRequiredService<GrainRuntime>().Counters;

    internal static async Task<TestSilo> StartAsync(
        string id, string connectionString, Action<IServiceCollection>? configure, IReadOnlyDictionary<string, string?>? settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = Environments.Development,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Duel:Postgres"] = connectionString,
            ["Duel:SiloId"] = id,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.AddDuelSilo();
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new TestSilo(id, host);
    }

    /// <summary>Stops the silo (its turns in flight finish or fail); the cluster's other silos keep running.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await Host.StopAsync(timeout.Token);
        Host.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
