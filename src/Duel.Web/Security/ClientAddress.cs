namespace Duel.Web.Security;

public static class ClientAddress
{
    /// <summary>The partition key for per-address limits (behind the balancer, forwarded headers set RemoteIpAddress).</summary>
    public static string Of(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
