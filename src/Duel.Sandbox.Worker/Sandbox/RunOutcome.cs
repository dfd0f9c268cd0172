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
    double ElapsedMs);
