namespace Duel.Sandbox.Worker.Sandbox;

/// <summary>
/// cgroup v1 pids, memory and cpu groups of one slot (this host mounts v1 controllers; the
/// v2 hierarchy has none enabled). A run joins them before anything untrusted starts. The cpu
/// group caps a slot at one core so a bomb in one slot cannot starve the worker or the other slot, and
/// their parent's weight lets the interactive processes go first when the host is busy.
/// </summary>
internal sealed class SlotCgroups
{
    private const string PidsRoot = "/sys/fs/cgroup/pids";
    private const string MemoryRoot = "/sys/fs/cgroup/memory";
    private const string CpuRoot = "/sys/fs/cgroup/cpu";
    private const string Parent = "duel-sandbox";

    private SlotCgroups(string pids, string memory, string cpu)
    {
        Pids = pids;
        Memory = memory;
        Cpu = cpu;
    }

    public string Pids { get; }

    public string Memory { get; }

    public string Cpu { get; }

    public IEnumerable<string> All => [Pids, Memory, Cpu];

    /// <summary>The cpu group of the slot that runs as <paramref name="uid"/>.</summary>
    public static string CpuGroup(long uid) => Group(CpuRoot, uid);

    private static string Group(string root, long uid) => Path.Combine(root, Parent, $"u{uid}");

    public static SlotCgroups? TryCreate(long uid, SandboxOptions options)
    {
        try
        {
            var pids = Group(PidsRoot, uid);
            var memory = Group(MemoryRoot, uid);
            var cpu = CpuGroup(uid);
            Directory.CreateDirectory(pids);
            Directory.CreateDirectory(memory);
            Directory.CreateDirectory(cpu);
            Weigh(options.CpuShares);
            File.WriteAllText(Path.Combine(cpu, "cpu.cfs_period_us"), "100000");
            File.WriteAllText(Path.Combine(cpu, "cpu.cfs_quota_us"), "100000");
            File.WriteAllText(Path.Combine(pids, "pids.max"), options.MaxProcesses.ToString());
            // Address space is the first limit; this one also catches tmpfs pages and the processes together.
            var bytes = (long)(options.MemoryMiB + 2 * options.TmpfsMiB + 128) << 20;
            File.WriteAllText(Path.Combine(memory, "memory.limit_in_bytes"), bytes.ToString());
            return new SlotCgroups(pids, memory, cpu);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The jobs' weight against every other process (<see cref="SandboxOptions.CpuShares"/>); each slot's quota is
    /// below it. A preference, not a limit: a host that refuses it keeps every slot's limits.
    /// </summary>
    private static void Weigh(int shares)
    {
        try
        {
            File.WriteAllText(Path.Combine(CpuRoot, Parent, "cpu.shares"), shares.ToString());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The jobs then weigh like any process, as before the weight existed; the slot's limits still hold.
        }
    }

    /// <summary>
    /// How long the job's one thread has waited for a core (ns: the run queue delay of <c>/proc/&lt;tid&gt;/schedstat</c>,
    /// which counts a wait behind other processes and the slot's own quota alike), or null when the group holds more
    /// than one thread: then its own threads compete with it, and that wait is not given back.
    /// </summary>
    public long? WaitedNs()
    {
        try
        {
            var tasks = File.ReadAllLines(Path.Combine(Cpu, "tasks"));
            return tasks.Length == 1 ? long.Parse(File.ReadAllText($"/proc/{tasks[0]}/schedstat").Split(' ')[1]) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>OOM kills so far (memory.oom_control's oom_kill counter).</summary>
    public long OomKills()
    {
        try
        {
            var line = File.ReadLines(Path.Combine(Memory, "memory.oom_control")).FirstOrDefault(l => l.StartsWith("oom_kill "));
            return line is null ? 0 : long.Parse(line["oom_kill ".Length..]);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>SIGKILLs whatever is left in the slot until it is empty (v1 has no cgroup.kill).</summary>
    public void KillAll()
    {
        for (var round = 0; round < 50; round++)
        {
            var pids = File.ReadAllLines(Path.Combine(Pids, "cgroup.procs"));
            if (pids.Length == 0)
            {
                return;
            }
            foreach (var pid in pids)
            {
                Native.kill(int.Parse(pid), Native.SigKill);
            }
            Thread.Sleep(2);
        }
    }
}
