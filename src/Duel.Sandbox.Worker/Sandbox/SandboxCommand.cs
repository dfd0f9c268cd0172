namespace Duel.Sandbox.Worker.Sandbox;

/// <summary>
/// The argv of one run: [sh: join the slot's cgroups] → prlimit → setpriv (slot uid, no
/// groups, no caps, no_new_privs) → bwrap (all namespaces, read-only Python only, sized
/// tmpfs, seccomp from fd 4) → python3 -I -S -B -c harness.
/// </summary>
internal static class SandboxCommand
{
    public const int SeccompFd = 4;

    public static List<string> Build(SandboxOptions o, PythonRuntime python, SandboxSlot slot, bool privileged, string harness)
    {
        var argv = new List<string>();
        if (slot.Cgroups is { } cg)
        {
            // Joining before exec means every later fork is born inside the limits.
            argv.AddRange([o.ShellPath, "-c", """for g in "$@"; do shift; [ "$g" = -- ] && break; echo $$ >"$g/cgroup.procs" || exit 125; done; exec "$@" """, "sh"]);
            argv.AddRange(cg.All);
            argv.Add("--");
        }
        argv.AddRange([
            o.PrlimitPath,
            $"--cpu={o.MaxCpuSeconds}:{o.MaxCpuSeconds + 1}",
            $"--as={(long)o.MemoryMiB << 20}",
            $"--nproc={o.MaxProcesses}",
            $"--fsize={(long)o.MaxFileMiB << 20}",
            $"--nofile={o.MaxOpenFiles}",
            "--core=0",
            $"--stack={(long)o.StackMiB << 20}",
            "--",
        ]);
        if (privileged)
        {
            argv.AddRange([o.SetprivPath, $"--reuid={slot.Uid}", $"--regid={slot.Uid}", "--clear-groups",
                "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all", "--"]);
        }
        argv.AddRange([
            // --as-pid-1: python is the namespace's init, so its exit kills every process it left
            // behind, and bwrap reaps it directly (bwrap's own init would be orphaned on exit).
            o.BwrapPath, "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session", "--as-pid-1",
            "--cap-drop", "ALL", "--hostname", "sandbox",
            "--clearenv", "--setenv", "PATH", "/usr/bin", "--setenv", "LANG", "C.UTF-8", "--setenv", "HOME", "/tmp",
            "--ro-bind", python.Binary, "/usr/bin/python3",
            "--ro-bind", python.Stdlib, python.Stdlib,
        ]);
        foreach (var (source, dest) in python.Libraries)
        {
            argv.AddRange(["--ro-bind", source, dest]);
        }
        argv.AddRange([
            "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/bin", "/bin",
            "--proc", "/proc", "--dev", "/dev",
            "--size", ((long)o.TmpfsMiB << 20).ToString(), "--tmpfs", "/tmp",
            "--size", "1048576", "--tmpfs", "/dev/shm",
            "--chdir", "/tmp",
            "--remount-ro", "/",
        ]);
        if (o.UseSeccomp)
        {
            argv.AddRange(["--seccomp", SeccompFd.ToString()]);
        }
        argv.AddRange(["--", "/usr/bin/python3", "-I", "-S", "-B", "-c", harness]);
        return argv;
    }
}
