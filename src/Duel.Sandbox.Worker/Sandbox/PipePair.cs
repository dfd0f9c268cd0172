using System.Runtime.InteropServices;

namespace Duel.Sandbox.Worker.Sandbox;

/// <summary>
/// A pipe whose ends are close-on-exec (so no other child inherits them); the end we keep
/// is non-blocking so one poll loop can serve every pipe of a run.
/// </summary>
internal sealed unsafe class PipePair : IDisposable
{
    private PipePair(int read, int write)
    {
        Read = read;
        Write = write;
    }

    public int Read { get; private set; }

    public int Write { get; private set; }

    /// <summary>A pipe the child writes and we read.</summary>
    public static PipePair FromChild() => Create(parentReads: true);

    /// <summary>A pipe we write and the child reads.</summary>
    public static PipePair ToChild() => Create(parentReads: false);

    public void CloseRead() => Close(Read, v => Read = v);

    /// <summary>Writes a small buffer (less than the pipe's capacity) in one go.</summary>
    public void WriteAll(byte[] bytes)
    {
        fixed (byte* p = bytes)
        {
            if (Native.write(Write, p, bytes.Length) != bytes.Length)
            {
                throw new InvalidOperationException($"pipe write failed: errno {Marshal.GetLastPInvokeError()}");
            }
        }
    }

    public void CloseWrite() => Close(Write, v => Write = v);

    public void Dispose()
    {
        CloseRead();
        CloseWrite();
    }

    private static PipePair Create(bool parentReads)
    {
        var fds = stackalloc int[2];
        if (Native.pipe2(fds, Native.OCloexec) != 0)
        {
            throw new InvalidOperationException($"pipe2 failed: errno {Marshal.GetLastPInvokeError()}");
        }
        var ours = parentReads ? fds[0] : fds[1];
        Native.fcntl(ours, Native.FSetfl, Native.fcntl(ours, Native.FGetfl, 0) | Native.ONonblock);
        return new PipePair(fds[0], fds[1]);
    }

    private static void Close(int fd, Action<int> set)
    {
        if (fd >= 0)
        {
            Native.close(fd);
            set(-1);
        }
    }
}
