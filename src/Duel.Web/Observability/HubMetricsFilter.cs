using Microsoft.AspNetCore.SignalR;

namespace Duel.Web.Observability;

/// <summary>Counts hub connections and code snapshots without the hub knowing about metrics.</summary>
internal sealed class HubMetricsFilter(DuelMetrics metrics) : IHubFilter
{
    /// <summary>The hub method through which an editor sends its code snapshots.</summary>
    public const string CodeSyncMethod = "SendCode";

    public async ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var result = await next(invocationContext);
        if (string.Equals(invocationContext.HubMethodName, CodeSyncMethod, StringComparison.OrdinalIgnoreCase))
        {
            metrics.CodeSyncMessage();
        }
        return result;
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        await next(context);
        metrics.PlayerConnected();
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        metrics.PlayerDisconnected();
        await next(context, exception);
    }
}
