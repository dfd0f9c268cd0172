using Duel.Sandbox.Worker.Sandbox;

namespace Duel.Sandbox.Worker.Zygote;

/// <summary>
/// A job process asked of the slot's zygote before its job exists: our ends of its four pipes
/// and the uid it runs as. The zygote forks it at once; it builds its sandbox (cgroups,
/// namespaces, mounts, uid, seccomp) and then waits on stdin for a submission it has not seen,
/// as a pre-warmed fresh sandbox does. The job's data only ever reaches it through stdin.
/// </summary>
internal sealed class ZygoteJob : IDisposable
{
    private readonly PipePair _stdin = PipePair.ToChild();
    private readonly PipePair _stdout = PipePair.FromChild();
    private readonly PipePair _stderr = PipePair.FromChild();
    private readonly PipePair _results = PipePair.FromChild();

    private ZygoteJob(ZygoteProcess zygote, long uid, SlotCgroups? cgroups)
    {
        Zygote = zygote;
        Uid = uid;
        Cgroups = cgroups;
    }

    public ZygoteProcess Zygote { get; }

    public long Uid { get; }

    /// <summary>The zygote's number for this job (its exit is reported under it).</summary>
    public int Seq { get; private set; }

    public SlotCgroups? Cgroups { get; }

    public int Stdin => _stdin.Write;

    public int Stdout => _stdout.Read;

    public int Stderr => _stderr.Read;

    public int Results => _results.Read;

    /// <summary>Asks <paramref name="zygote"/> for the process of the slot's next job (on the slot's next uid).</summary>
    public static ZygoteJob Fork(SandboxSlot slot, ZygoteProcess zygote)
    {
        var uid = slot.NextJobUid();
        var job = new ZygoteJob(zygote, uid, slot.CgroupsOf(uid));
        try
        {
            job.Seq = zygote.Send(uid, [job._stdin.Read, job._stdout.Write, job._stderr.Write, job._results.Write]);
        }
        catch
        {
            job.Dispose();
            throw;
        }
        // Only the job process holds these ends now: its exit is EOF on every pipe.
        job._stdin.CloseRead();
        job._stdout.CloseWrite();
        job._stderr.CloseWrite();
        job._results.CloseWrite();
        return job;
    }

    public void Dispose()
    {
        _stdin.Dispose();
        _stdout.Dispose();
        _stderr.Dispose();
        _results.Dispose();
    }
}
