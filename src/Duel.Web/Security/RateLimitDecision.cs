namespace Duel.Web.Security;

public sealed record RateLimitDecision(bool IsAllowed, TimeSpan RetryAfter)
{
    public static readonly RateLimitDecision Allowed = new(true, TimeSpan.Zero);

    public string Message(string what) =>
        $"Too many {what}: wait {Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds))} s and try again.";
}
