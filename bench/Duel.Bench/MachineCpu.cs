namespace Duel.Bench;

/// <summary>
/// How busy the machine and this process were over a stretch of a bench, from /proc/stat and the
/// process's own CPU time: a burst whose machine share is near every core is bound by CPU, not by
/// waiting, and the process's share says how much of it was the bench's own silos and client.
/// </summary>
internal readonly record struct MachineCpu(long Busy, long All, TimeSpan Process)
{
    public static MachineCpu Now()
    {
        // /proc/stat's first line: clock ticks over every core (user nice system idle iowait irq softirq steal).
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..].Select(long.Parse).ToArray();
        var all = fields.Take(8).Sum();
        return new MachineCpu(all - fields[3] - fields[4], all, System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime);
    }

    /// <summary>The machine's busy share of all its cores since <paramref name="start"/> (0..1).</summary>
    public double BusySince(MachineCpu start) => (double)(Busy - start.Busy) / Math.Max(1, All - start.All);

    /// <summary>This process's CPU since <paramref name="start"/>.</summary>
    public TimeSpan ProcessSince(MachineCpu start) => Process - start.Process;
}
