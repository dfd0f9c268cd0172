using Duel.Grains.Runtime;
using Duel.Silo.Events;
using Duel.Silo.Runtime;
using Duel.Silo.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Duel.Silo;

public static class SiloHostingExtensions
{
    /// <summary>
    /// Adds the grain runtime to a host: options (section <c>Duel</c>), the singleton <see cref="NpgsqlDataSource"/>,
    /// <see cref="IGrainFactory"/>, <see cref="IEventBus"/>, migrations at start-up, reminders, job-result application,
    /// membership heartbeats, and the duel's grains (<c>AddDuelGrains</c>). <paramref name="role"/> is this node's
    /// role in <c>cluster_members</c> unless <c>Duel:Role</c> says otherwise.
    /// </summary>
    public static IHostApplicationBuilder AddDuelSilo(this IHostApplicationBuilder builder, string role = "silo")
    {
        var services = builder.Services;
        services.AddOptions<SiloOptions>()
            .Configure(o => o.Role = role)
            .BindConfiguration(SiloOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Npgsql logs every command at Information: far too much for a turn-per-request node.
        builder.Logging.AddFilter("Npgsql", LogLevel.Warning);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(CreateDataSource);

        // Migrations first: hosted services start in registration order.
        services.AddHostedService<MigrationService>();

        services.AddSingleton<GrainRegistry>();
        services.AddSingleton<GrainRuntime>();
        services.AddSingleton(sp => sp.GetRequiredService<GrainRuntime>().Factory);
        services.AddSingleton<NotificationListener>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationListener>());
        services.AddSingleton<EventPublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<EventPublisher>());
        services.AddSingleton<IEventBus, EventBus>();
        services.AddHostedService<ReminderService>();
        services.AddHostedService<JobResultApplier>();
        services.AddHostedService<MembershipService>();
        services.AddHostedService<EventPruner>();

        services.AddDuelGrains();
        return builder;
    }

    private static NpgsqlDataSource CreateDataSource(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<SiloOptions>>().Value;
        var builder = new NpgsqlDataSourceBuilder(options.Postgres);
        var settings = builder.ConnectionStringBuilder;
        if (string.IsNullOrEmpty(settings.ApplicationName))
        {
            settings.ApplicationName = options.SiloId;
        }
        if (settings.MaxAutoPrepare == 0)
        {
            // Turns run the same few statements: prepared, they skip parsing and planning.
            settings.MaxAutoPrepare = 64;
        }
        if (string.IsNullOrEmpty(settings.Options))
        {
            // A turn stuck in a grain (awaiting something that never comes) would hold its row locks forever:
            // the server ends such a session after a minute, which rolls the turn back.
            settings.Options = "-c idle_in_transaction_session_timeout=60s";
        }
        // Turns leave no session state behind, so the pool need not reset connections.
        settings.NoResetOnClose = true;
        builder.UseLoggerFactory(services.GetRequiredService<ILoggerFactory>());
        return builder.Build();
    }
}
