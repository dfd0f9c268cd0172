using Duel.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Duel.Sandbox.Worker.Jobs;

/// <summary>Registration of the job-claiming worker host.</summary>
public static class WorkerServiceCollectionExtensions
{
    /// <summary>The sandbox plus the jobs loop, LISTEN, lease renewal and heartbeat.</summary>
    public static IHostApplicationBuilder AddSandboxWorker(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSandbox();
        services.AddOptions<WorkerOptions>().BindConfiguration("Sandbox").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PostgresOptions>().BindConfiguration("Duel").ValidateDataAnnotations().ValidateOnStart();
        // Pooled as every node pools (no reset on return; its LISTEN connection is held for the process's life).
        // Relaxed commits (PostgresPools): every write here is a lease, which a lost commit only gives back,
        // or a verdict, which the battle acts on after an ordinary commit of its own (docs/performance.md).
        // Generic plans: the claim was planned anew for every job (PostgresPools.WorkerConnectionString).
        services.AddSingleton(sp => NpgsqlDataSource.Create(PostgresPools.WorkerConnectionString(sp.GetRequiredService<IOptions<PostgresOptions>>().Value.Postgres)));
        services.AddSingleton<WorkerIdentity>();
        services.AddSingleton<WorkerRoster>();
        services.AddSingleton<JobStore>();
        services.AddSingleton<JobSignal>();
        services.AddHostedService(sp => sp.GetRequiredService<JobSignal>());
        services.AddSingleton<JudgeWorkerService>();
        services.AddHostedService(sp => sp.GetRequiredService<JudgeWorkerService>());
        services.AddHostedService<WorkerHeartbeat>();
        services.AddNativeMemoryTrim();
        return builder;
    }
}
