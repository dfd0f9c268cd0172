using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Duel.Sandbox.Worker.Sandbox;

/// <summary>
/// One thread, one poll loop: feeds stdin, splits fd 3 into result lines for the
/// conversation, keeps the head of stdout/stderr and drains the rest so the child never
/// blocks on a full pipe, and stops at the conversation's deadline or an output limit.
/// </summary>
internal sealed unsafe class PipePump(SandboxOptions options, int stdin, int stdout, int stderr, int results, int maxLine)
{
    private readonly MemoryStream _stdoutHead = new();
    private readonly MemoryStream _stderrHead = new();
    private readonly List<byte> _line = [];
    private readonly Queue<byte[]> _pending = new();
    private readonly byte[] _buffer = new byte[64 << 10];
    private int _pendingOffset;
    private long _rawOutput;
    private int _stdin = stdin;

    public bool TimedOut { get; private set; }

    public bool OutputLimit { get; private set; }

    public string StdoutHead => Encoding.UTF8.GetString(_stdoutHead.ToArray());

    public string StderrHead => Encoding.UTF8.GetString(_stderrHead.ToArray());

    /// <param name="waited">How long the job has waited for a core so far (ns), or null when that does not count (see
    /// <see cref="SlotCgroups.WaitedNs"/>); a step past its deadline gets that wait back, up to its wall deadline.</param>
    public void Run(IConversation conversation, Func<long?>? waited = null)
    {
        _pending.Enqueue(conversation.Start());
        int[] fds = [results, stdout, stderr];
        var open = new bool[] { true, true, true };
        var polls = stackalloc Native.PollFd[4];
        var (step, waitedAtStep) = (0L, (long?)null);
        while (open[0] && !conversation.Done && !OutputLimit)
        {
            if (conversation.Deadline != step)
            {
                (step, waitedAtStep) = (conversation.Deadline, waited?.Invoke());
            }
            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), Stretched(conversation, waitedAtStep, waited)).TotalMilliseconds;
            if (remaining <= 0)
            {
                TimedOut = true;
                return;
            }
            var count = 0;
            for (var i = 0; i < 3; i++)
            {
                polls[count++] = new Native.PollFd { Fd = open[i] ? fds[i] : -1, Events = Native.PollIn };
            }
            polls[count++] = new Native.PollFd { Fd = _pending.Count > 0 && _stdin >= 0 ? _stdin : -1, Events = Native.PollOut };
            var ready = Native.poll(polls, (nuint)count, (int)Math.Ceiling(Math.Min(remaining, 1000)));
            if (ready < 0 && Marshal.GetLastPInvokeError() != Native.EIntr)
            {
                throw new InvalidOperationException($"poll failed: errno {Marshal.GetLastPInvokeError()}");
            }
            if (ready <= 0)
            {
                continue;
            }
            if ((polls[3].Revents & (Native.PollOut | Native.PollErr | Native.PollHup)) != 0)
            {
                Feed();
            }
            for (var i = 0; i < 3; i++)
            {
                if (open[i] && (polls[i].Revents & (Native.PollIn | Native.PollHup | Native.PollErr)) != 0)
                {
                    open[i] = Drain(fds[i], i, conversation);
                }
            }
        }
    }

    private static long Stretched(IConversation conversation, long? waitedAtStep, Func<long?>? waited)
    {
        var deadline = conversation.Deadline;
        if (waitedAtStep is not { } before || Stopwatch.GetTimestamp() < deadline || waited?.Invoke() is not { } now)
        {
            return deadline;
        }
        return Math.Min(conversation.WallDeadline, deadline + (long)((now - before) * (Stopwatch.Frequency / 1e9)));
    }

    private bool Drain(int fd, int which, IConversation conversation)
    {
        nint n;
        fixed (byte* p = _buffer)
        {
            n = Native.read(fd, p, _buffer.Length);
        }
        if (n < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is Native.EAgain or Native.EIntr;
        }
        if (n == 0)
        {
            return false;
        }
        var chunk = _buffer.AsSpan(0, (int)n);
        if (which == 0)
        {
            Lines(chunk, conversation);
            return true;
        }
        var head = which == 1 ? _stdoutHead : _stderrHead;
        head.Write(chunk[..(int)Math.Min(n, Math.Max(0, options.OutputCapBytes - head.Length))]);
        _rawOutput += n;
        OutputLimit |= _rawOutput > options.OutputKillBytes;
        return true;
    }

    private void Lines(Span<byte> chunk, IConversation conversation)
    {
        while (!chunk.IsEmpty && !conversation.Done)
        {
            var newline = chunk.IndexOf((byte)'\n');
            var part = newline < 0 ? chunk : chunk[..newline];
            _line.AddRange(part);
            if (_line.Count > maxLine)
            {
                OutputLimit = true;
                return;
            }
            if (newline < 0)
            {
                return;
            }
            var reply = conversation.OnLine(CollectionsMarshal.AsSpan(_line));
            _line.Clear();
            if (reply is not null)
            {
                _pending.Enqueue(reply);
                Feed();
            }
            chunk = chunk[(newline + 1)..];
        }
    }

    private void Feed()
    {
        while (_pending.Count > 0 && _stdin >= 0)
        {
            var bytes = _pending.Peek();
            nint n;
            fixed (byte* p = bytes)
            {
                n = Native.write(_stdin, p + _pendingOffset, bytes.Length - _pendingOffset);
            }
            if (n < 0)
            {
                if (Marshal.GetLastPInvokeError() is Native.EAgain or Native.EIntr)
                {
                    return;
                }
                // The child closed stdin (EPIPE): it will not read more; its results tell the rest.
                _stdin = -1;
                return;
            }
            _pendingOffset += (int)n;
            if (_pendingOffset == bytes.Length)
            {
                _pending.Dequeue();
                _pendingOffset = 0;
            }
        }
    }
}
