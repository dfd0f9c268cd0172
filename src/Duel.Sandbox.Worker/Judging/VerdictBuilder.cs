using Duel.Sandbox.Worker.Contracts;
using Duel.Sandbox.Worker.Sandbox;

namespace Duel.Sandbox.Worker.Judging;

/// <summary>
/// Turns what the harness said and how the process ended into a verdict. Compares actual
/// values here, outside the sandbox, and strips everything but the status from hidden tests.
/// </summary>
internal static class VerdictBuilder
{
    private const int SigXcpu = 24;
    private const int SigKill = 9;

    public static Verdict Rejected(JudgeRequest request, IReadOnlyList<int> order, string message, long elapsedMs) =>
        new(Verdict.StatusRejected, 0, order.Count, message, elapsedMs, Tests(request, order, null, null));

    public static Verdict Build(JudgeRequest request, IReadOnlyList<int> order, HarnessConversation c, RunOutcome run, long elapsedMs)
    {
        if (c.Terminal is { Kind: "rejected" } rejected)
        {
            return Rejected(request, order, rejected.Message ?? "the code was rejected", elapsedMs);
        }
        var tests = Tests(request, order, c, run);
        var passed = tests.Count(t => t.Status == TestVerdict.PassedStatus);
        var (status, message) = Overall(c, run, tests, passed);
        return new Verdict(status, passed, order.Count, message, elapsedMs, tests);
    }

    private static (string Status, string Message) Overall(HarnessConversation c, RunOutcome run, List<TestVerdict> tests, int passed)
    {
        var summary = $"{passed}/{tests.Count} tests passed";
        var results = c.Results.Values.ToList();
        var exitSignal = run.Signaled ? run.Signal : run.ExitCode > 128 ? run.ExitCode - 128 : 0;
        if (c.Terminal is { Kind: "harness-error" } h)
        {
            return (Verdict.StatusInternalError, "the judge failed: " + h.Error);
        }
        if (c.Terminal is { Kind: "load-error" } load)
        {
            return load.Status switch
            {
                "timeout" => (Verdict.StatusTimeout, "loading the code took longer than the time limit"),
                "memory" => (Verdict.StatusMemory, "loading the code ran out of memory"),
                _ => (Verdict.StatusCrashed, "the code raised while loading: " + load.Error),
            };
        }
        if (run.OutputLimit || results.Any(r => r.Status == "too-large"))
        {
            return (Verdict.StatusOutputLimit, $"output limit exceeded; {summary}");
        }
        if (run.OomKilled || results.Any(r => r.Status == "memory"))
        {
            return (Verdict.StatusMemory, $"out of memory; {summary}");
        }
        if (run.WatchdogKilled || exitSignal == SigXcpu || results.Any(r => r.Status == "timeout"))
        {
            return (Verdict.StatusTimeout, run.WatchdogKilled && !c.Ready
                ? "the program did not start within the time limit"
                : $"time limit exceeded; {summary}");
        }
        if (c.Violation)
        {
            return (Verdict.StatusCrashed, $"the program wrote to the judge's channel; {summary}");
        }
        if (!c.Done)
        {
            var how = exitSignal == SigKill ? "was killed" : exitSignal != 0 ? $"died with signal {exitSignal}" : "exited";
            return (Verdict.StatusCrashed, $"the program {how} before finishing the tests; {summary}");
        }
        return passed == tests.Count
            ? (Verdict.StatusPassed, summary)
            : (Verdict.StatusFailed, summary);
    }

    private static List<TestVerdict> Tests(JudgeRequest request, IReadOnlyList<int> order, HarnessConversation? c, RunOutcome? run)
    {
        var list = new List<TestVerdict>(order.Count);
        for (var position = 0; position < order.Count; position++)
        {
            var index = order[position];
            var test = request.Tests[index];
            HarnessLine? line = null;
            c?.Results.TryGetValue(index, out line);
            var status = line is null
                ? (run?.WatchdogKilled == true && c?.Running == position ? TestVerdict.TimeoutStatus : TestVerdict.NotRunStatus)
                : line.Status switch
                {
                    "ok" when line.Value is { } v && JsonComparer.Equal(test.Expected, v, request.FloatTolerance) => TestVerdict.PassedStatus,
                    "ok" or "bad-value" => TestVerdict.WrongAnswerStatus,
                    "timeout" => TestVerdict.TimeoutStatus,
                    _ => TestVerdict.ErrorStatus,
                };
            list.Add(test.Hidden
                ? new TestVerdict(index, true, status)
                : new TestVerdict(index, false, status, test.Args, test.Expected, line?.Value, line?.Error,
                    string.IsNullOrEmpty(line?.Stdout) ? null : line.Stdout));
        }
        list.Sort((a, b) => a.Index.CompareTo(b.Index));
        return list;
    }
}
