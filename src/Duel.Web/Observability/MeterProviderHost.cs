using OpenTelemetry.Metrics;

namespace Duel.Web.Observability;

/// <summary>Creates the OTLP meter provider at start-up; the container disposes (and flushes) it.</summary>
internal sealed class MeterProviderHost(MeterProvider provider) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        provider.ForceFlush(5000);
        return Task.CompletedTask;
    }
}
