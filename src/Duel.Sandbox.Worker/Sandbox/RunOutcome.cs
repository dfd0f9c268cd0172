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

    /// <summary>
    /// What is left to do on the slot once the verdict is known (the zygote path: the job's exit,
    /// the sweep, the next fork); the slot is released only after it ran.
    /// </summary>
    public Action? Finish { get; init; }
}
