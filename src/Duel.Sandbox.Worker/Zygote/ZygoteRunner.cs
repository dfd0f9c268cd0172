using System.Diagnostics;
using Duel.Sandbox.Worker.Sandbox;
using Microsoft.Extensions.Logging;

namespace Duel.Sandbox.Worker.Zygote;

/// <summary>
/// Runs one conversation in a process forked from the slot's zygote, on the slot's next uid,
/// normally forked while the previous job ran (<see cref="ZygoteJob"/>): a slot has at most two
/// job processes, the running one and the next, on different uids, neither seeing the other.
/// A job that ends cleanly (conversation done, exit 0 on its own) leaves the zygote in place;
/// anything else (watchdog, output limit, OOM, crash, protocol violation, a signal, a nonzero
/// exit) kills the zygote with every process it forked, and the slot starts a new one, as it
/// does after <see cref="SandboxOptions.ZygoteJobs"/> jobs. The job's cgroups are swept either way.
/// </summary>
internal sealed class ZygoteRunner(SandboxOptions options, Func<SandboxSlot, ZygoteProcess> start, ILogger logger)
{
    public RunOutcome Run(SandboxSlot slot, IConversation conversation)
    {
        var started = Stopwatch.GetTimestamp();
        var job = Take(slot);
        var oomBefore = job.Cgroups?.OomKills() ?? 0;
        var handedOver = Stopwatch.GetTimestamp();
        if (options.PreWarm)
        {
            // The next job's process builds its sandbox (cgroup joins and namespaces cost
            // milliseconds of kernel waiting, little CPU) while this one runs.
            Prepare(slot);
        }
        var pump = new PipePump(options, job.Stdin, job.Stdout, job.Stderr, job.Results, options.MaxValueBytes * 2 + (64 << 10));
        try
        {
            pump.Run(conversation, job.Cgroups is { } cgroups ? cgroups.WaitedNs : null);
        }
        catch
        {
            Finish(slot, job, conversation, oomBefore, exitExpected: false);
            throw;
        }
        RunOutcome Outcome(bool oom, int raw) => new(pump.TimedOut, pump.OutputLimit, oom, WaitStatus.Signaled(raw),
            WaitStatus.TermSignal(raw), WaitStatus.ExitCode(raw), pump.StdoutHead, pump.StderrHead, Stopwatch.GetElapsedTime(started).TotalMilliseconds)
        {
            ForkMs = Stopwatch.GetElapsedTime(started, handedOver).TotalMilliseconds,
        };
        if (conversation.Clean && !pump.TimedOut && !pump.OutputLimit)
        {
            // Every result is in: the verdict needs nothing more from the process. Its exit, the
            // sweep and the next job's fork happen while the verdict is written, slot still held.
            var oom = job.Cgroups is { } cg && cg.OomKills() > oomBefore;
            return Outcome(oom, 0) with { Finish = () => Finish(slot, job, conversation, oomBefore, exitExpected: true) };
        }
        // After the watchdog or the output limit the process is killed at once, not waited for.
        var (raw, oomKilled) = Finish(slot, job, conversation, oomBefore, exitExpected: !pump.TimedOut && !pump.OutputLimit);
        return Outcome(oomKilled, raw);
    }

    /// <summary>
    /// Waits for the job process's exit (only if it should come by itself), kills the zygote if it
    /// does not come or the job misbehaved, sweeps the job's cgroups, forks the next job process.
    /// </summary>
    private (int Status, bool Oom) Finish(SandboxSlot slot, ZygoteJob job, IConversation conversation, long oomBefore, bool exitExpected)
    {
        using var _ = job;
        var zygote = job.Zygote;
        int? status = null;
        var failed = false;
        try
        {
            if (exitExpected && !zygote.Child.HasExited)
            {
                status = zygote.WaitStatus(job.Seq, options.ExitGraceMs);
            }
        }
        finally
        {
            if (status is null)
            {
                // The watchdog: the zygote's pid namespace takes the job's with it.
                failed = Retire(slot, zygote, conversation);
            }
            job.Cgroups?.KillAll();
        }
        if (failed)
        {
            throw new InvalidOperationException("the zygote died before the job started");
        }
        var raw = status ?? Native.SigKill;
        var oom = job.Cgroups is { } cg && cg.OomKills() > oomBefore;
        var clean = raw == 0 && conversation.Clean && !oom;
        if (slot.Zygote == zygote && (!clean || job.Seq >= options.ZygoteJobs))
        {
            Retire(slot, zygote, conversation);
        }
        if (options.PreWarm && slot.NextJob is null)
        {
            Prepare(slot);
        }
        return (raw, oom);
    }

    /// <summary>The slot's waiting job process if it is still sound, else a new one.</summary>
    private ZygoteJob Take(SandboxSlot slot)
    {
        var job = slot.NextJob;
        slot.NextJob = null;
        // A status already waiting means the prepared process died before its job came.
        if (job is not null && job.Zygote == slot.Zygote && !job.Zygote.Child.HasExited && !job.Zygote.HasEnded(job.Seq))
        {
            return job;
        }
        if (job is not null)
        {
            job.Dispose();
            Retire(slot, job.Zygote, null);
        }
        return Prepare(slot, keep: false);
    }

    /// <summary>Forks the slot's next job process (starting a zygote if it has none).</summary>
    private ZygoteJob Prepare(SandboxSlot slot, bool keep = true)
    {
        if (slot.Zygote is null || slot.Zygote.Child.HasExited)
        {
            slot.Zygote?.Dispose();
            slot.Zygote = start(slot);
        }
        var job = ZygoteJob.Fork(slot, slot.Zygote);
        if (keep)
        {
            slot.NextJob = job;
        }
        return job;
    }

    /// <summary>Kills the zygote; true if it had died by itself before the job got going (our failure, not the job's).</summary>
    private bool Retire(SandboxSlot slot, ZygoteProcess zygote, IConversation? conversation)
    {
        var exited = zygote.Child.HasExited;
        zygote.Child.Terminate();
        var log = zygote.Diagnostics();
        zygote.Dispose();
        if (slot.Zygote == zygote)
        {
            slot.Zygote = null;
        }
        if (slot.NextJob?.Zygote == zygote)
        {
            slot.NextJob.Dispose();
            slot.NextJob = null;
        }
        if (exited || log.Length > 0)
        {
            logger.LogWarning("zygote ended (exited by itself: {Exited}, job ready: {Ready}): {Log}", exited, conversation?.Ready, log);
        }
        return exited && conversation is { Ready: false };
    }
}
