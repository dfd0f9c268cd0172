using Duel.Sandbox.Worker.Judging;
using Duel.Sandbox.Worker.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace Duel.Sandbox.Worker;

/// <summary>Registration of the sandbox (no database) and of the job-claiming worker.</summary>
public static class SandboxServiceCollectionExtensions
{
    /// <summary>The judge and its sandbox: options, slots, runner.</summary>
    public static IServiceCollection AddSandbox(this IServiceCollection services)
    {
        services.AddOptions<SandboxOptions>()
            .BindConfiguration(SandboxOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<SandboxRunner>();
        services.AddSingleton<SlotPool>();
        services.AddSingleton<Judge>();
        return services;
    }
}
