using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Duel.Web.Observability;

public static class ObservabilityRegistration
{
    /// <summary>
    /// The "Duel" meter, cluster-wide sampling, the readiness check behind <c>/api/ready</c>, and
    /// OpenTelemetry OTLP export of metrics and logs when <c>Duel:Otlp:Endpoint</c> is set.
    /// </summary>
    public static IHostApplicationBuilder AddDuelObservability(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<OtlpOptions>().BindConfiguration(OtlpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ClusterMetricsOptions>().BindConfiguration(ClusterMetricsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DuelMetrics>();
        services.AddHostedService<ClusterMetricsSampler>();
        services.AddSingleton<HubMetricsFilter>();
        services.Configure<HubOptions>(o => o.AddFilter<HubMetricsFilter>());
        services.AddHealthChecks().AddCheck<ReadinessCheck>("database", HealthStatus.Unhealthy, [ReadinessCheck.Tag]);

        var otlp = builder.Configuration.GetSection(OtlpOptions.Section).Get<OtlpOptions>() ?? new OtlpOptions();
        if (string.IsNullOrWhiteSpace(otlp.Endpoint))
        {
            return builder;
        }
        var node = builder.Configuration["Duel:Node"] ?? Environment.MachineName;
        void Configure(OtlpExporterOptions o)
        {
            o.Endpoint = new Uri(otlp.Endpoint);
            o.Protocol = otlp.Protocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        }
        // OpenTelemetry.Extensions.Hosting is not on the feed: the SDK's own builder, kept alive
        // (and flushed on shutdown) as a DI singleton that a hosted service forces into being.
        var resource = ResourceBuilder.CreateDefault().AddService("duel-web", serviceInstanceId: node);
        services.AddSingleton(_ => Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(DuelMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel",
                "Microsoft.AspNetCore.Http.Connections", "Npgsql")
            .AddOtlpExporter((o, reader) =>
            {
                Configure(o);
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = otlp.ExportIntervalSeconds * 1000;
            })
            .Build());
        services.AddHostedService<MeterProviderHost>();
        builder.Logging.AddOpenTelemetry(l =>
        {
            l.SetResourceBuilder(resource);
            l.IncludeScopes = true;
            l.AddOtlpExporter(Configure);
        });
        return builder;
    }

    /// <summary><c>/api/ready</c>: 200 when the database answers and every migration is applied, else 503.</summary>
    public static IEndpointRouteBuilder MapDuelReadiness(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/api/ready", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(ReadinessCheck.Tag),
            ResponseWriter = ReadinessCheck.WriteJsonAsync,
        });
        return endpoints;
    }
}
