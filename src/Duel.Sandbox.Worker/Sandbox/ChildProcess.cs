using System.Runtime.InteropServices;
using System.Text;

namespace Duel.Sandbox.Worker.Sandbox;

/// <summary>
/// A child started with posix_spawn in a session (and process group) of its own, with
/// exactly the given fds and nothing else inherited.
/// </summary>
internal sealed unsafe class ChildProcess
{
    private int _status;
    private bool _reaped;

    private ChildProcess(int pid) => Pid = pid;

    public int Pid { get; }

    /// <summary>Raw wait status once reaped.</summary>
    public int WaitStatus => _status;

    public bool Signaled => _reaped && Sandbox.WaitStatus.Signaled(_status);

    public int TermSignal => Sandbox.WaitStatus.TermSignal(_status);

    public int ExitCode => Sandbox.WaitStatus.ExitCode(_status);

    /// <summary>Spawns <paramref name="argv"/>; <paramref name="fds"/> maps child fd → our fd.</summary>
    public static ChildProcess Spawn(IReadOnlyList<string> argv, IReadOnlyList<string> env, IReadOnlyList<(int Child, int Parent)> fds)
    {
        var actions = stackalloc byte[512];
        var attr = stackalloc byte[1024];
        var empty = stackalloc byte[256];
        var all = stackalloc byte[256];
        var handles = new List<nint>();
        try
        {
            Check(Native.posix_spawn_file_actions_init(actions), "file_actions_init");
            foreach (var (child, parent) in fds)
            {
                Check(Native.posix_spawn_file_actions_adddup2(actions, parent, child), "adddup2");
            }
            Check(Native.posix_spawn_file_actions_addclosefrom_np(actions, fds.Max(f => f.Child) + 1), "addclosefrom");
            Check(Native.posix_spawnattr_init(attr), "attr_init");
            Native.sigemptyset(empty);
            Native.sigfillset(all);
            Check(Native.posix_spawnattr_setsigmask(attr, empty), "setsigmask");
            Check(Native.posix_spawnattr_setsigdefault(attr, all), "setsigdefault");
            Check(Native.posix_spawnattr_setflags(attr, Native.PosixSpawnSetsid | Native.PosixSpawnSetsigmask | Native.PosixSpawnSetsigdef), "setflags");
            var argvPtr = ToArray(argv, handles);
            var envPtr = ToArray(env, handles);
            int pid;
            var rc = Native.posix_spawn(&pid, (byte*)argvPtr[0], actions, attr, (byte**)argvPtr, (byte**)envPtr);
            Check(rc, $"posix_spawn {argv[0]}");
            return new ChildProcess(pid);
        }
        finally
        {
            Native.posix_spawn_file_actions_destroy(actions);
            Native.posix_spawnattr_destroy(attr);
            foreach (var h in handles)
            {
                Marshal.FreeHGlobal(h);
            }
        }
    }

    /// <summary>SIGKILL to the whole process group (the session leader's pid is its pgid).</summary>
    public void KillGroup()
    {
        if (!_reaped)
        {
            Native.kill(-Pid, Native.SigKill);
            Native.kill(Pid, Native.SigKill);
        }
    }

    /// <summary>
    /// Ends the run without orphans: SIGKILL to bwrap's own child (the sandbox's pid 1, whose
    /// death takes the whole pid namespace with it) lets bwrap reap it and exit; only if bwrap
    /// lingers is the whole process group killed. Killing bwrap first would leave its child
    /// as a zombie for the host's init to reap (and counted against the slot's process limit).
    /// </summary>
    public void Terminate()
    {
        if (_reaped)
        {
            return;
        }
        foreach (var child in Children())
        {
            Native.kill(child, Native.SigKill);
        }
        for (var i = 0; i < 3000; i++)
        {
            if (TryReap())
            {
                return;
            }
            Thread.Sleep(1);
        }
        KillGroup();
        Wait();
    }

    private List<int> Children()
    {
        try
        {
            var text = File.ReadAllText($"/proc/{Pid}/task/{Pid}/children");
            return [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)];
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>True once the child has exited (and is reaped).</summary>
    public bool HasExited => _reaped || TryReap();

    private bool TryReap()
    {
        int status;
        if (Native.waitpid(Pid, &status, Native.WNohang) != Pid)
        {
            return false;
        }
        _status = status;
        _reaped = true;
        return true;
    }

    /// <summary>Blocks until the child exits.</summary>
    public void Wait()
    {
        if (_reaped)
        {
            return;
        }
        int status;
        while (Native.waitpid(Pid, &status, 0) < 0)
        {
            if (Marshal.GetLastPInvokeError() != Native.EIntr)
            {
                throw new InvalidOperationException($"waitpid failed: errno {Marshal.GetLastPInvokeError()}");
            }
        }
        _status = status;
        _reaped = true;
    }

    private static nint* ToArray(IReadOnlyList<string> items, List<nint> handles)
    {
        var array = (nint*)Marshal.AllocHGlobal((items.Count + 1) * sizeof(nint));
        handles.Add((nint)array);
        for (var i = 0; i < items.Count; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(items[i] + "\0");
            var p = Marshal.AllocHGlobal(bytes.Length);
            handles.Add(p);
            Marshal.Copy(bytes, 0, p, bytes.Length);
            array[i] = p;
        }
        array[items.Count] = 0;
        return array;
    }

    private static void Check(int rc, string what)
    {
        if (rc != 0)
        {
            throw new InvalidOperationException($"{what} failed: errno {rc}");
        }
    }
}
