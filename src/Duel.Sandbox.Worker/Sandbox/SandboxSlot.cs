namespace Duel.Sandbox.Worker.Sandbox;

/// <summary>
/// One concurrent run's identity: a host uid no other slot on this host uses (held by an
/// flock, released by the kernel if the worker dies), so RLIMIT_NPROC counts only this
/// slot's processes, plus that uid's pids and memory cgroups when the host has them.
/// </summary>
internal sealed class SandboxSlot : IDisposable
{
    private readonly FileStream _lock;

    private SandboxSlot(long uid, FileStream lockFile, SlotCgroups? cgroups)
    {
        Uid = uid;
        _lock = lockFile;
        Cgroups = cgroups;
    }

    public long Uid { get; }

    public SlotCgroups? Cgroups { get; }

    /// <summary>The next run's sandbox, already started (see <see cref="SandboxOptions.PreWarm"/>).</summary>
    public WarmSandbox? Spare { get; set; }

    /// <summary>Takes the first uid in the range whose lock file is free.</summary>
    public static SandboxSlot Acquire(SandboxOptions options, bool privileged)
    {
        var dir = privileged ? options.StateDir : Path.Combine(Path.GetTempPath(), $"duel-sandbox-{Environment.UserName}");
        Directory.CreateDirectory(dir);
        for (var uid = options.UidBase; uid < options.UidBase + options.UidCount; uid++)
        {
            FileStream lockFile;
            try
            {
                // FileShare.None is an exclusive flock on Unix: held until we close or die.
                lockFile = new FileStream(Path.Combine(dir, $"slot-{uid}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                continue;
            }
            var cgroups = privileged && options.UseCgroups ? SlotCgroups.TryCreate(uid, options) : null;
            return new SandboxSlot(uid, lockFile, cgroups);
        }
        throw new InvalidOperationException($"no free sandbox uid in {options.UidBase}..{options.UidBase + options.UidCount - 1}");
    }

    public void Dispose()
    {
        Spare?.Dispose();
        Spare = null;
        _lock.Dispose();
    }
}
