using System.Text.Json;
using Duel.Sandbox.Worker.Sandbox;

namespace Duel.Sandbox.Worker.Zygote;

/// <summary>
/// The argv of a slot's zygote: bwrap as real root (no user namespace: it must give each job
/// another host uid) with its own mount, pid, net, ipc, uts and cgroup namespaces, only the
/// capabilities the fork path needs, cleared environment, the read-only runtime of the fresh
/// path, the C extension read-only and the slot's cgroup directories under /zygote (which each
/// job unmounts before anything else), then python3 -I -S -B -c zygote.py.
/// </summary>
internal static class ZygoteCommand
{
    private static readonly string[] Controllers = ["pids", "memory", "cpu"];

    public static List<string> Build(SandboxOptions o, PythonRuntime python, SandboxSlot slot, string moduleDir, string harness, byte[] seccomp)
    {
        var argv = new List<string>
        {
            o.BwrapPath, "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup",
            "--die-with-parent", "--new-session", "--as-pid-1",
            "--cap-add", "CAP_SYS_ADMIN", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_SETPCAP",
            "--hostname", "sandbox",
            "--clearenv", "--setenv", "PATH", "/usr/bin", "--setenv", "LANG", "C.UTF-8", "--setenv", "HOME", "/tmp",
        };
        // As real root bwrap makes the parents of bind targets 0700 root: the job's uid could
        // not walk to the standard library. Create them world-searchable first.
        var parents = python.Libraries.Select(l => l.Dest).Append("/usr/bin/python3").Append(python.Stdlib)
            .SelectMany(Parents).Distinct().OrderBy(p => p.Count(c => c == '/'));
        foreach (var parent in parents)
        {
            argv.AddRange(["--perms", "0755", "--dir", parent]);
        }
        argv.AddRange(["--ro-bind", python.Binary, "/usr/bin/python3", "--ro-bind", python.Stdlib, python.Stdlib]);
        foreach (var (source, dest) in python.Libraries)
        {
            argv.AddRange(["--ro-bind", source, dest]);
        }
        argv.AddRange([
            "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/bin", "/bin",
            "--proc", "/proc", "--dev", "/dev",
            "--size", "1048576", "--tmpfs", "/tmp",
            "--size", "1048576", "--tmpfs", "/dev/shm",
            "--chdir", "/tmp",
            // A mount of its own, so that each job can detach it with everything below it.
            "--size", "65536", "--tmpfs", "/zygote",
            "--ro-bind", moduleDir, "/zygote/lib",
        ]);
        var cgroups = new Dictionary<string, List<string>>();
        foreach (var uid in slot.Uids)
        {
            if (slot.CgroupsOf(uid) is not { } cg)
            {
                continue;
            }
            var procs = new List<string>();
            foreach (var (controller, dir) in Controllers.Zip(cg.All))
            {
                var inside = $"/zygote/cg/{controller}/u{uid}";
                argv.AddRange(["--bind", dir, inside]);
                procs.Add(inside + "/cgroup.procs");
            }
            cgroups[uid.ToString()] = procs;
        }
        argv.AddRange(["--remount-ro", "/"]);
        var config = new
        {
            seccomp = o.UseSeccomp ? Convert.ToHexString(seccomp) : "",
            rlimits = Limits(o),
            tmpfs_bytes = (long)o.TmpfsMiB << 20,
            new_net = o.NetNamespacePerJob,
            uids = slot.Uids,
            cgroups,
        };
        argv.AddRange(["--", "/usr/bin/python3", "-I", "-S", "-B", "-c", ZygoteModule.Script, harness, JsonSerializer.Serialize(config)]);
        return argv;
    }

    private static IEnumerable<string> Parents(string path)
    {
        for (var dir = Path.GetDirectoryName(path); dir is not (null or "/"); dir = Path.GetDirectoryName(dir))
        {
            yield return dir;
        }
    }

    // The fresh path's prlimit, as (resource, soft, hard) with Linux's RLIMIT_* numbers.
    private static long[][] Limits(SandboxOptions o) =>
    [
        [0, o.MaxCpuSeconds, o.MaxCpuSeconds + 1],                     // CPU
        [9, (long)o.MemoryMiB << 20, (long)o.MemoryMiB << 20],         // AS
        [6, o.MaxProcesses, o.MaxProcesses],                           // NPROC
        [1, (long)o.MaxFileMiB << 20, (long)o.MaxFileMiB << 20],       // FSIZE
        [7, o.MaxOpenFiles, o.MaxOpenFiles],                           // NOFILE
        [4, 0, 0],                                                     // CORE
        [3, (long)o.StackMiB << 20, (long)o.StackMiB << 20],           // STACK
    ];
}
