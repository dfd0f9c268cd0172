using System.Diagnostics;
using System.Globalization;
using Duel.Sandbox.Worker.Sandbox;

namespace Duel.Sandbox.Worker.Judging;

/// <summary>
/// Where one verdict's wall time went, in ms, for <c>./duel bench sandbox</c>: claim, handing
/// the job to its process (a zygote's fork, or taking the pre-warmed sandbox), that process
/// getting going (namespaces, mounts, uid; for a fresh process also the interpreter), harness
/// load (header, compile, the code's import), tests, exit and cgroup sweep, comparison, write.
/// </summary>
internal sealed class JobTimings
{
    public double Claim { get; set; }
    public double Handoff { get; set; }
    public double Boot { get; set; }
    public double Load { get; set; }
    public double Tests { get; set; }
    public double Exit { get; set; }
    public double Compare { get; set; }
    public double Write { get; set; }

    public void Record(HarnessConversation c, RunOutcome run, long runStarted, long runEnded)
    {
        Handoff = run.ForkMs;
        var (started, ready, done) = c.Times;
        var harness = c.HarnessStarted > 0 && c.HarnessStarted >= runStarted ? c.HarnessStarted : started;
        Boot = Ms(runStarted, harness) - Handoff;
        Load = ready > 0 ? Ms(harness, ready) : 0;
        Tests = done > 0 && ready > 0 ? Ms(ready, done) : 0;
        Exit = done > 0 ? Ms(done, runEnded) : 0;
    }

    public string Line() => string.Create(CultureInfo.InvariantCulture,
        $"duel-timing claim={Claim:F3} handoff={Handoff:F3} boot={Boot:F3} load={Load:F3} tests={Tests:F3} exit={Exit:F3} compare={Compare:F3} write={Write:F3}");

    public static double Ms(long from, long to) => Math.Max(0, Stopwatch.GetElapsedTime(from, to).TotalMilliseconds);
}
