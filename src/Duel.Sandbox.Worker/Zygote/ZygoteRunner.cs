using System.Diagnostics;
using Duel.Sandbox.Worker.Sandbox;
using Microsoft.Extensions.Logging;

namespace Duel.Sandbox.Worker.Zygote;

/// <summary>
/// Runs one conversation in a process forked from the slot's zygote, on the slot's next uid.
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
        var zygote = slot.Zygote;
        if (zygote is null || zygote.Child.HasExited)
        {
            zygote?.Dispose();
            zygote = slot.Zygote = start(slot);
        }
        var uid = slot.NextJobUid();
        var cgroups = slot.CgroupsOf(uid);
        var oomBefore = cgroups?.OomKills() ?? 0;
        using var stdin = PipePair.ToChild();
        using var stdout = PipePair.FromChild();
        using var stderr = PipePair.FromChild();
        using var results = PipePair.FromChild();
        zygote.Send(uid, [stdin.Read, stdout.Write, stderr.Write, results.Write]);
        stdin.CloseRead();
        stdout.CloseWrite();
        stderr.CloseWrite();
        results.CloseWrite();
        var sent = Stopwatch.GetTimestamp();
        var pump = new PipePump(options, stdin.Write, stdout.Read, stderr.Read, results.Read, options.MaxValueBytes * 2 + (64 << 10));
        int? status = null;
        var failed = false;
        try
        {
            pump.Run(conversation);
            if (!pump.TimedOut && !pump.OutputLimit)
            {
                status = zygote.WaitStatus(options.ExitGraceMs);
            }
        }
        finally
        {
            if (status is null)
            {
                // The watchdog: the zygote's pid namespace takes the job's with it.
                failed = Retire(slot, zygote, conversation);
            }
            cgroups?.KillAll();
        }
        if (failed)
        {
            throw new InvalidOperationException("the zygote died before the job started");
        }
        var raw = status ?? Native.SigKill;
        var oom = cgroups is not null && cgroups.OomKills() > oomBefore;
        var signaled = (raw & 0x7f) != 0 && (raw & 0x7f) != 0x7f;
        var clean = raw == 0 && conversation.Clean && !oom;
        if (slot.Zygote is not null && (!clean || zygote.Jobs >= options.ZygoteJobs))
        {
            Retire(slot, zygote, conversation);
        }
        if (slot.Zygote is null && options.PreWarm)
        {
            slot.Zygote = start(slot);
        }
        return new RunOutcome(pump.TimedOut, pump.OutputLimit, oom, signaled, raw & 0x7f, (raw >> 8) & 0xff,
            pump.StdoutHead, pump.StderrHead, Stopwatch.GetElapsedTime(started).TotalMilliseconds)
        {
            ForkMs = Stopwatch.GetElapsedTime(started, sent).TotalMilliseconds,
        };
    }

    /// <summary>Kills the zygote; true if it had died by itself before the job got going (our failure, not the job's).</summary>
    private bool Retire(SandboxSlot slot, ZygoteProcess zygote, IConversation conversation)
    {
        var exited = zygote.Child.HasExited;
        zygote.Child.Terminate();
        var log = zygote.Diagnostics();
        zygote.Dispose();
        slot.Zygote = null;
        if (exited || log.Length > 0)
        {
            logger.LogWarning("zygote ended (exited by itself: {Exited}, job ready: {Ready}): {Log}", exited, conversation.Ready, log);
        }
        return exited && !conversation.Ready;
    }
}
