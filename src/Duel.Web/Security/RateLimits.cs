using System.Threading.RateLimiting;
using Duel.Web.Options;
using Microsoft.Extensions.Options;

namespace Duel.Web.Security;

/// <summary>
/// The framework's rate limiters, partitioned per player (run/submit, code snapshots) or per
/// client address (sign-in, registration). Page handlers, the API and the hub share them.
/// </summary>
public sealed class RateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> _judge;
    private readonly PartitionedRateLimiter<string> _auth;
    private readonly PartitionedRateLimiter<string> _snapshots;

    public RateLimits(IOptions<WebOptions> options)
    {
        var o = options.Value;
        _judge = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ =>
            new TokenBucketRateLimiterOptions
            {
                TokenLimit = 1, TokensPerPeriod = 1, QueueLimit = 0, AutoReplenishment = true,
                ReplenishmentPeriod = TimeSpan.FromMilliseconds(Math.Max(1, o.JudgeIntervalMs)),
            }));
        _auth = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ =>
            new FixedWindowRateLimiterOptions { PermitLimit = o.AuthPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        _snapshots = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ =>
            new TokenBucketRateLimiterOptions
            {
                TokenLimit = o.SnapshotsPerSecond, TokensPerPeriod = o.SnapshotsPerSecond, QueueLimit = 0,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1), AutoReplenishment = true,
            }));
    }

    /// <summary>Run and Submit: true when allowed; otherwise how long to wait.</summary>
    public RateLimitDecision Judge(string playerId) => Decide(_judge, playerId);

    public RateLimitDecision Auth(string clientAddress) => Decide(_auth, clientAddress);

    public RateLimitDecision Snapshot(string playerId) => Decide(_snapshots, playerId);

    private static RateLimitDecision Decide(PartitionedRateLimiter<string> limiter, string key)
    {
        using var lease = limiter.AttemptAcquire(key);
        if (lease.IsAcquired) return RateLimitDecision.Allowed;
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        return new RateLimitDecision(false, wait);
    }

    public void Dispose()
    {
        _judge.Dispose();
        _auth.Dispose();
        _snapshots.Dispose();
    }
}
