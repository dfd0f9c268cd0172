using System.Collections.Concurrent;
using Duel.Sandbox.Worker.Zygote;

namespace Duel.Sandbox.Worker.Sandbox;

/// <summary>
/// One concurrent run's identity: host uids no other slot on this host uses (each held by an
/// flock, released by the kernel if the worker dies), so RLIMIT_NPROC counts only this slot's
/// processes, plus each uid's pids, memory and cpu cgroups when the host has them. A zygote
/// slot hands its uids out in turn, so consecutive jobs never share a uid; a fresh-process
/// slot uses its first.
/// </summary>
internal sealed class SandboxSlot : IDisposable
{
    private readonly List<FileStream> _locks;
    private readonly Dictionary<long, SlotCgroups> _cgroups;
    private readonly BlockingCollection<Action> _work = [];
    private int _next;

    private SandboxSlot(List<long> uids, List<FileStream> locks, Dictionary<long, SlotCgroups> cgroups)
    {
        Uids = uids;
        _locks = locks;
        _cgroups = cgroups;
        // Runs block in poll; one long-lived thread per slot costs no thread start per job.
        new Thread(() =>
        {
            foreach (var work in _work.GetConsumingEnumerable())
            {
                work();
            }
        }) { IsBackground = true, Name = $"sandbox-slot-{uids[0]}" }.Start();
    }

    /// <summary>Runs <paramref name="work"/> on the slot's own thread, after whatever was posted before.</summary>
    public void Post(Action work) => _work.Add(work);

    /// <summary>The fresh-process path's uid.</summary>
    public long Uid => Uids[0];

    public IReadOnlyList<long> Uids { get; }

    public SlotCgroups? Cgroups => CgroupsOf(Uid);

    public bool HasCgroups => _cgroups.Count == Uids.Count;

    /// <summary>The next run's sandbox, already started (see <see cref="SandboxOptions.PreWarm"/>).</summary>
    public WarmSandbox? Spare { get; set; }

    /// <summary>This slot's zygote, when the zygote path is in use.</summary>
    public ZygoteProcess? Zygote { get; set; }

    /// <summary>The next job's process, forked from <see cref="Zygote"/> and waiting for its job.</summary>
    public ZygoteJob? NextJob { get; set; }

    public SlotCgroups? CgroupsOf(long uid) => _cgroups.GetValueOrDefault(uid);

    /// <summary>The uid of the next zygote job: never the previous job's.</summary>
    public long NextJobUid() => Uids[_next++ % Uids.Count];

    /// <summary>Takes the first <see cref="SandboxOptions.UidsPerSlot"/> uids in the range whose lock files are free.</summary>
    public static SandboxSlot Acquire(SandboxOptions options, bool privileged)
    {
        var dir = privileged ? options.StateDir : Path.Combine(Path.GetTempPath(), $"duel-sandbox-{Environment.UserName}");
        Directory.CreateDirectory(dir);
        var uids = new List<long>();
        var locks = new List<FileStream>();
        for (var uid = options.UidBase; uid < options.UidBase + options.UidCount && uids.Count < options.UidsPerSlot; uid++)
        {
            try
            {
                // FileShare.None is an exclusive flock on Unix: held until we close or die.
                locks.Add(new FileStream(Path.Combine(dir, $"slot-{uid}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
                uids.Add(uid);
            }
            catch (IOException)
            {
            }
        }
        if (uids.Count < options.UidsPerSlot)
        {
            locks.ForEach(l => l.Dispose());
            throw new InvalidOperationException($"no {options.UidsPerSlot} free sandbox uids in {options.UidBase}..{options.UidBase + options.UidCount - 1}");
        }
        var cgroups = new Dictionary<long, SlotCgroups>();
        foreach (var uid in uids)
        {
            if (privileged && options.UseCgroups && SlotCgroups.TryCreate(uid, options) is { } cg)
            {
                cgroups[uid] = cg;
            }
        }
        return new SandboxSlot(uids, locks, cgroups);
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        Spare?.Dispose();
        Spare = null;
        NextJob?.Dispose();
        NextJob = null;
        Zygote?.Dispose();
        Zygote = null;
        _locks.ForEach(l => l.Dispose());
    }
}
