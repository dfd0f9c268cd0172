namespace Duel.Sandbox.Worker.Sandbox;

/// <summary>
/// A classic-BPF seccomp program for bwrap's --seccomp (x86_64): kills any other ABI,
/// refuses x32, and answers EPERM to the calls a Python puzzle never needs but an escape
/// does (ptrace, namespaces, mounts, sockets, keyrings, bpf, io_uring, modules, ...).
/// clone is allowed only without namespace flags; clone3 gets ENOSYS so libc falls back to clone.
/// </summary>
internal static class SeccompFilter
{
    private const uint AuditArchX8664 = 0xc000003e;
    private const uint RetKillProcess = 0x80000000;
    private const uint RetErrno = 0x00050000;
    private const uint RetAllow = 0x7fff0000;
    private const uint EPerm = 1;
    private const uint ENoSys = 38;
    private const ushort LdWAbs = 0x20;
    private const ushort JeqK = 0x15;
    private const ushort JgeK = 0x35;
    private const ushort JsetK = 0x45;
    private const ushort RetK = 0x06;
    private const uint SysClone = 56;
    private const uint SysClone3 = 435;

    // CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET | NEWTIME.
    private const uint CloneNamespaceFlags = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000 | 0x00000080;

    /// <summary>x86_64 numbers of the refused calls.</summary>
    public static readonly IReadOnlyList<uint> Denied =
    [
        101, 310, 311,              // ptrace, process_vm_readv, process_vm_writev
        165, 166, 155, 161,         // mount, umount2, pivot_root, chroot
        272, 308,                   // unshare, setns
        248, 249, 250,              // add_key, request_key, keyctl
        321, 298, 323,              // bpf, perf_event_open, userfaultfd
        425, 426, 427,              // io_uring_setup, io_uring_enter, io_uring_register
        246, 320, 175, 313, 176,    // kexec_load, kexec_file_load, init/finit/delete_module
        169, 167, 168, 163, 179,    // reboot, swapon, swapoff, acct, quotactl
        103, 41, 304, 303, 212,     // syslog, socket, open_by_handle_at, name_to_handle_at, lookup_dcookie
        279, 256, 312, 438, 300,    // move_pages, migrate_pages, kcmp, pidfd_getfd, fanotify_init
        305, 164, 159, 227, 153,    // clock_adjtime, settimeofday, adjtimex, clock_settime, vhangup
        172, 173, 154, 135,         // iopl, ioperm, modify_ldt, personality
        428, 429, 430, 431, 432, 442, // open_tree, move_mount, fsopen, fsconfig, fsmount, mount_setattr
    ];

    /// <summary>The program as the kernel's struct sock_filter array.</summary>
    public static byte[] Build()
    {
        var program = new List<(ushort Code, byte Jt, byte Jf, uint K)>
        {
            (LdWAbs, 0, 0, 4),
            (JeqK, 1, 0, AuditArchX8664),
            (RetK, 0, 0, RetKillProcess),
            (LdWAbs, 0, 0, 0),
        };
        // Layout after the checks: [clone test][clone3 test][allow][deny][enosys][clone flags...]
        var checks = 1 + Denied.Count;
        byte ToDeny(int at) => (byte)(checks - at + 2);
        program.Add((JgeK, ToDeny(0), 0, 0x40000000));
        for (var i = 0; i < Denied.Count; i++)
        {
            program.Add((JeqK, ToDeny(i + 1), 0, Denied[i]));
        }
        program.Add((JeqK, 4, 0, SysClone));          // → clone flags check
        program.Add((JeqK, 2, 0, SysClone3));         // → ENOSYS
        program.Add((RetK, 0, 0, RetAllow));
        program.Add((RetK, 0, 0, RetErrno | EPerm));  // deny
        program.Add((RetK, 0, 0, RetErrno | ENoSys));
        program.Add((LdWAbs, 0, 0, 16));              // clone's flags (args[0], low word)
        program.Add((JsetK, 0, 1, CloneNamespaceFlags));
        program.Add((RetK, 0, 0, RetErrno | EPerm));
        program.Add((RetK, 0, 0, RetAllow));
        var bytes = new byte[program.Count * 8];
        for (var i = 0; i < program.Count; i++)
        {
            var (code, jt, jf, k) = program[i];
            BitConverter.TryWriteBytes(bytes.AsSpan(i * 8), code);
            bytes[i * 8 + 2] = jt;
            bytes[i * 8 + 3] = jf;
            BitConverter.TryWriteBytes(bytes.AsSpan(i * 8 + 4), k);
        }
        return bytes;
    }
}
