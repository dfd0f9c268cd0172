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
    private readonly Dictionary<int, int> _statuses = [];
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

    /// <summary>Hands the zygote one job: the uid it runs as and its stdin, stdout, stderr and result fds; returns its sequence number.</summary>
    public int Send(long uid, ReadOnlySpan<int> fds)
    {
        var seq = ++Jobs;
        Native.SendFds(_control, Encoding.ASCII.GetBytes($"{seq} {uid}"), fds);
        return seq;
    }

    /// <summary>Job <paramref name="seq"/>'s raw wait status, or null if none came within <paramref name="timeoutMs"/> (or the zygote is gone).</summary>
    public int? WaitStatus(int seq, int timeoutMs)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!_statuses.ContainsKey(seq))
        {
            var left = (int)Math.Max(0, deadline - Environment.TickCount64);
            if (!ReadOne(left) || (left == 0 && !_statuses.ContainsKey(seq)))
            {
                break;
            }
        }
        return _statuses.Remove(seq, out var status) ? status : null;
    }

    /// <summary>True if job <paramref name="seq"/> has already exited (without waiting).</summary>
    public bool HasEnded(int seq)
    {
        while (ReadOne(0))
        {
        }
        return _statuses.ContainsKey(seq);
    }

    // One "<seq> <status>" message, if one comes within the timeout.
    private bool ReadOne(int timeoutMs)
    {
        var poll = new Native.PollFd { Fd = _control, Events = Native.PollIn };
        int ready;
        while ((ready = Native.poll(&poll, 1, timeoutMs)) < 0 && Marshal.GetLastPInvokeError() == Native.EIntr)
        {
        }
        if (ready <= 0 || (poll.Revents & Native.PollIn) == 0)
        {
            return false;
        }
        var buffer = stackalloc byte[64];
        var n = Native.read(_control, buffer, 64);
        var parts = n > 0 ? Encoding.ASCII.GetString(buffer, (int)n).Trim().Split(' ') : [];
        if (parts.Length != 2 || !int.TryParse(parts[0], out var seq) || !int.TryParse(parts[1], out var status))
        {
            return false;
        }
        _statuses[seq] = status;
        return true;
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
