namespace Duel.Bench;

/// <summary>
/// CPU time from /proc (utime + stime, clock ticks of 10 ms): the worker process itself, its
/// sandboxes (every live descendant plus everything the worker and they have reaped: a job's
/// processes are reaped by its zygote, a zygote by bwrap, bwrap by the worker) and a set of
/// PostgreSQL backends.
/// </summary>
internal sealed record SandboxBenchCpu(double WorkerMs, double SandboxMs, double PostgresMs)
{
    private const double TickMs = 10;

    public static SandboxBenchCpu Measure(int workerPid, IEnumerable<int> backends)
    {
        var all = new Dictionary<int, (int Parent, long Self, long Reaped)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && Read(pid) is { } stat)
            {
                all[pid] = stat;
            }
        }
        var children = all.GroupBy(p => p.Value.Parent).ToDictionary(g => g.Key, g => g.Select(p => p.Key).ToList());
        var worker = all.GetValueOrDefault(workerPid);
        long sandboxes = worker.Reaped;
        var todo = new Stack<int>(children.GetValueOrDefault(workerPid) ?? []);
        while (todo.TryPop(out var pid))
        {
            sandboxes += all[pid].Self + all[pid].Reaped;
            foreach (var child in children.GetValueOrDefault(pid) ?? [])
            {
                todo.Push(child);
            }
        }
        var postgres = backends.Sum(pid => all.TryGetValue(pid, out var s) ? s.Self : 0);
        return new SandboxBenchCpu(worker.Self * TickMs, sandboxes * TickMs, postgres * TickMs);
    }

    public static SandboxBenchCpu operator -(SandboxBenchCpu a, SandboxBenchCpu b) =>
        new(a.WorkerMs - b.WorkerMs, a.SandboxMs - b.SandboxMs, a.PostgresMs - b.PostgresMs);

    public double TotalMs => WorkerMs + SandboxMs + PostgresMs;

    private static (int Parent, long Self, long Reaped)? Read(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return (int.Parse(fields[1]), long.Parse(fields[11]) + long.Parse(fields[12]), long.Parse(fields[13]) + long.Parse(fields[14]));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
