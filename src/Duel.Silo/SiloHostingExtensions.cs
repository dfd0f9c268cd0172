using System.Net;
using Duel.Grains.Battles;
using Duel.Grains.Catalogue;
using Duel.Grains.Invites;
using Duel.Grains.Matchmaking;
using Duel.Grains.Players;
using Duel.Grains.Runtime;
using Duel.Hosting;
using Duel.Silo.Events;
using Duel.Silo.Jobs;
using Duel.Silo.ReadModels;
using Duel.Silo.Services;
using Duel.Silo.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Serialization;
using Orleans.Storage;
using StackExchange.Redis;

namespace Duel.Silo;

public static class SiloHostingExtensions
{
    /// <summary>Entries in each grain directory cache of a silo (Orleans: 1,000,000); <c>Orleans:Directory</c> overrides it.</summary>
    public const int DirectoryCacheSize = 50_000;

    /// <summary>
    /// Makes this host an Orleans silo of the duel cluster: <see cref="AddDuelOrleans"/> plus this node's
    /// endpoints and graceful shutdown. <paramref name="role"/> is the node's role in <c>cluster_members</c>
    /// unless <c>Duel:Role</c> says otherwise.
    /// </summary>
    public static IHostApplicationBuilder AddDuelSilo(this IHostApplicationBuilder builder, string role = "silo")
    {
        builder.Services.AddOptions<SiloOptions>().Configure(o => o.Role = role);
        var options = builder.Configuration.GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions();
        // Deactivating grains write nothing (state is stored per call), so a stop needs little time.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        builder.Services.AddNativeMemoryTrim();
        builder.UseOrleans(silo =>
        {
            silo.AddDuelOrleans();
            if (IPAddress.TryParse(options.AdvertisedIp, out var ip))
            {
                silo.ConfigureEndpoints(ip, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(ip));
            }
            else
            {
                silo.ConfigureEndpoints(options.AdvertisedIp, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
            }
        });
        return builder;
    }

    /// <summary>
    /// Everything a duel silo needs, from configuration section <c>Duel</c>: cluster and service id,
    /// membership in Redis, grain state (its writes batched, Storage/) and reminders (AdoNet) in PostgreSQL, the
    /// grains' services (events over Redis, the jobs table, read models), verdict application and the
    /// node heartbeat. Shared by Duel.Web, the standalone silo and the test cluster.
    /// </summary>
    public static ISiloBuilder AddDuelOrleans(this ISiloBuilder silo)
    {
        var services = silo.Services;
        var options = silo.Configuration.GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions();
        services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (options.ClusterId, options.ServiceId));

        silo.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(options.Redis));
        services.Configure<ClusterMembershipOptions>(o =>
        {
            // A duel cluster is a few silos. Orleans' default asks two silos to vote a peer dead, so when two
            // of three die at once (a machine with a web node and a silo) the survivor waits minutes for a
            // vote that cannot come while calls to the dead silos' grains hang. One silo's evidence (three
            // missed probes of 3 s) is enough here; Orleans.Membership in configuration overrides it.
            o.NumVotesForDeathDeclaration = 1;
            o.ProbeTimeout = TimeSpan.FromSeconds(3);
            // An indirect probe asks another live silo to confirm; the lone survivor has none to ask.
            o.EnableIndirectProbes = false;
        });
        services.Configure<ClusterMembershipOptions>(silo.Configuration.GetSection("Orleans:Membership"));
        // Orleans' directory cache allocates its table for its capacity up front (1,000,000 by default), and
        // the dashboard's meter reader counts it by walking every bucket once a second: two such caches per
        // silo were 2.5 % of a web node's CPU under load. A silo of a duel cluster addresses a few thousand
        // grains within the cache's four minutes; beyond this size the least recent entry is looked up again.
        services.Configure<GrainDirectoryOptions>(o => o.CacheSize = DirectoryCacheSize);
        services.Configure<GrainDirectoryOptions>(silo.Configuration.GetSection("Orleans:Directory"));
        silo.AddPostgresGrainStorage(GrainStorage.Name);
        var pooled = PostgresPools.ConnectionString(options.Postgres);
        silo.UseAdoNetReminderService(o => (o.Invariant, o.ConnectionString) = ("Npgsql", pooled)).UseBatchedReminderWrites();
        services.AddSerializer(s => s.AddJsonSerializer(isSupported: type => type == typeof(System.Text.Json.JsonElement)));

        // Npgsql logs every command at Information: far too much for a node that stores state per call.
        // Orleans' placement retries report every attempt through Polly at Information: thousands of lines a minute.
        services.AddLogging(l => l.AddFilter("Npgsql", LogLevel.Warning).AddFilter("Polly", LogLevel.Warning));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => CreateDataSource(sp, PostgresPools.ConnectionString));
        services.TryAddKeyedSingleton(PostgresPools.Relaxed, (sp, _) => CreateDataSource(sp, PostgresPools.RelaxedConnectionString));
        // One batcher per pool: the grains' state and their ordinary rows share one, the relaxed rows the other.
        services.TryAddWriteBatcher();
        services.TryAddKeyedSingleton(PostgresPools.Relaxed, (sp, _) => new WriteBatcher(sp.GetRequiredKeyedService<NpgsqlDataSource>(PostgresPools.Relaxed)));
        services.TryAddSingleton<RedisConnection>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<RedisConnection>());
        services.TryAddSingleton(sp => sp.GetRequiredService<RedisConnection>().Multiplexer);
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, MigrationService>();

        services.TryAddSingleton<IEventBus, RedisEventBus>();
        services.TryAddSingleton<IJobQueue, PostgresJobQueue>();
        services.TryAddSingleton<IReadModels, ReadModels.ReadModels>();
        services.TryAddSingleton<GrainServices>();
        services.TryAddSingleton<IReadModelWriter<PlayerChanged>, PlayerRowWriter>();
        services.TryAddSingleton<IReadModelWriter<BattleFinished>, BattleRowWriter>();
        services.TryAddSingleton<IReadModelWriter<BattleStarted>, LiveBattleWriter>();
        services.TryAddSingleton<IReadModelWriter<QueueChanged>, QueueWaitingWriter>();
        services.AddChallengeCatalogue();
        services.AddOptions<MatchmakingOptions>().BindConfiguration(MatchmakingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BattleOptions>().BindConfiguration(BattleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<InviteOptions>().BindConfiguration(InviteOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // Every silo feeds the operators' dashboard (Duel.Web maps it at /admin/orleans). Its call filter only
        // times calls for a minute after someone last looked; the live log view is off, logs have their own path.
        silo.AddDashboard(o => o.HideTrace = true);

        services.AddSingleton<ResultOwnership>();
        services.AddHostedService<JobResultApplier>();
        services.AddHostedService<JobRetention>();
        services.AddHostedService<NodeHeartbeat>();
        return silo;
    }

    private static NpgsqlDataSource CreateDataSource(IServiceProvider services, Func<string, string> pooled)
    {
        var options = services.GetRequiredService<IOptions<SiloOptions>>().Value;
        var builder = new NpgsqlDataSourceBuilder(pooled(options.Postgres));
        var settings = builder.ConnectionStringBuilder;
        if (string.IsNullOrEmpty(settings.ApplicationName))
        {
            settings.ApplicationName = options.SiloId;
        }
        builder.UseLoggerFactory(services.GetRequiredService<ILoggerFactory>());
        return builder.Build();
    }
}
