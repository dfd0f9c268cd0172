namespace Duel.Web.Realtime;

/// <summary>Reply to SendCode: ok | stale | throttled | too-large | forbidden | closed (the battle is over).</summary>
public sealed record SendCodeReply(string Status, int RetryAfterMs = 0, string? Message = null)
{
    public static readonly SendCodeReply Ok = new("ok");
    public static readonly SendCodeReply Stale = new("stale");
    public static readonly SendCodeReply Closed = new("closed", Message: "The battle is over; your code stays as it was at the finish.");
}
