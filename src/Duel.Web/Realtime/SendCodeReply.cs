namespace Duel.Web.Realtime;

/// <summary>Reply to SendCode: ok | stale | throttled | too-large | forbidden.</summary>
public sealed record SendCodeReply(string Status, int RetryAfterMs = 0, string? Message = null)
{
    public static readonly SendCodeReply Ok = new("ok");
    public static readonly SendCodeReply Stale = new("stale");
}
