using System.Collections.Concurrent;
using System.Globalization;

namespace Duel.Bench;

/// <summary>The worker's <c>duel-timing</c> lines (one per verdict): where a verdict's wall time went.</summary>
internal sealed class SandboxBenchTimings
{
    private static readonly string[] Stages = ["claim", "handoff", "boot", "load", "tests", "exit", "compare", "write"];
    private readonly ConcurrentQueue<Dictionary<string, double>> _lines = new();

    public static string Legend =>
        "claim = claim query; handoff = job to its process (zygote: send fds; fresh: take the pre-warmed sandbox); " +
        "boot = that process getting going (zygote: fork, namespaces, mounts, uid, seccomp); load = harness reads the header, compiles and imports the code; " +
        "tests = 13 tests; exit = job process exit + cgroup sweep; compare = verdict built outside; write = verdict update";

    /// <summary>True if the line was a timing line (and is kept).</summary>
    public bool Offer(string line)
    {
        if (!line.StartsWith("duel-timing "))
        {
            return false;
        }
        var values = line["duel-timing ".Length..].Split(' ')
            .Select(p => p.Split('='))
            .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));
        _lines.Enqueue(values);
        return true;
    }

    public void Clear() => _lines.Clear();

    /// <summary>One line: the mean of each stage over the lines kept since the last <see cref="Clear"/>.</summary>
    public string Summary()
    {
        var lines = _lines.ToList();
        if (lines.Count == 0)
        {
            return "(no timing lines)";
        }
        var parts = Stages.Select(s => $"{s} {lines.Average(l => l.GetValueOrDefault(s)):F2}");
        var sum = lines.Average(l => Stages.Sum(s => l.GetValueOrDefault(s)));
        return string.Join("  ", parts) + $"  = {sum:F2} ms in the worker (mean of {lines.Count})";
    }
}
