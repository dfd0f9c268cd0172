namespace Duel.Sandbox.Worker.Sandbox;

/// <summary>How a sandbox run ended, seen from outside.</summary>
internal sealed record RunOutcome(
    bool WatchdogKilled,
    bool OutputLimit,
    bool OomKilled,
    bool Signaled,
    int Signal,
    int ExitCode,
    string StdoutHead,
    string StderrHead,
    double ElapsedMs)
{
    /// <summary>From the run's start to the job handed to its process (a zygote's fork, or taking the pre-warmed sandbox).</summary>
    public double ForkMs { get; init; }
}
