using System.Runtime.InteropServices;
using System.Text;
using Duel.Sandbox.Worker.Sandbox;

namespace Duel.Sandbox.Worker.Zygote;

/// <summary>
/// A running zygote (bwrap, whose pid 1 is the zygote interpreter) and our end of its control
/// socket: one message per job (its uid, with the job's four pipe ends attached), one reply
/// per job (the job process's wait status). The zygote's stdout and stderr go to one pipe read
/// only for diagnostics.
/// </summary>
internal sealed unsafe class ZygoteProcess : IDisposable
{
    private readonly PipePair _log;
    private int _control;

    private ZygoteProcess(ChildProcess child, int control, PipePair log)
    {
        Child = child;
        _control = control;
        _log = log;
    }

    public ChildProcess Child { get; }

    /// <summary>Jobs forked so far.</summary>
    public int Jobs { get; private set; }

    public static ZygoteProcess Start(IReadOnlyList<string> argv, IReadOnlyList<string> env)
    {
        var pair = stackalloc int[2];
        if (Native.socketpair(Native.AfUnix, Native.SockSeqpacket | Native.SockCloexec, 0, pair) != 0)
        {
            throw new InvalidOperationException($"socketpair failed: errno {Marshal.GetLastPInvokeError()}");
        }
        using var stdin = PipePair.ToChild();
        var log = PipePair.FromChild();
        try
        {
            var child = ChildProcess.Spawn(argv, env, [(0, stdin.Read), (1, log.Write), (2, log.Write), (3, pair[1])]);
            log.CloseWrite();
            return new ZygoteProcess(child, pair[0], log);
        }
        finally
        {
            Native.close(pair[1]);
        }
    }

    /// <summary>Hands the zygote one job: the uid it runs as and its stdin, stdout, stderr and result fds.</summary>
    public void Send(long uid, ReadOnlySpan<int> fds)
    {
        Jobs++;
        Native.SendFds(_control, Encoding.ASCII.GetBytes(uid.ToString()), fds);
    }

    /// <summary>The job process's raw wait status, or null if none came within <paramref name="timeoutMs"/> (or the zygote is gone).</summary>
    public int? WaitStatus(int timeoutMs)
    {
        var poll = new Native.PollFd { Fd = _control, Events = Native.PollIn };
        int ready;
        while ((ready = Native.poll(&poll, 1, timeoutMs)) < 0 && Marshal.GetLastPInvokeError() == Native.EIntr)
        {
        }
        if (ready <= 0)
        {
            return null;
        }
        var buffer = stackalloc byte[32];
        var n = Native.read(_control, buffer, 32);
        return n > 0 && int.TryParse(new ReadOnlySpan<byte>(buffer, (int)n).Trim((byte)'\n'), out var status) ? status : null;
    }

    /// <summary>Whatever the zygote wrote to stdout/stderr so far (it writes only when something is wrong).</summary>
    public string Diagnostics()
    {
        var buffer = new byte[8192];
        fixed (byte* p = buffer)
        {
            var n = Native.read(_log.Read, p, buffer.Length);
            return n > 0 ? Encoding.UTF8.GetString(buffer, 0, (int)n) : "";
        }
    }

    /// <summary>Kills the zygote, and with its pid namespace every job process it forked.</summary>
    public void Dispose()
    {
        Child.Terminate();
        if (_control >= 0)
        {
            Native.close(_control);
            _control = -1;
        }
        _log.Dispose();
    }
}
