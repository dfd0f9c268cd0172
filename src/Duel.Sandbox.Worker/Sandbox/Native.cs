using System.Runtime.InteropServices;

namespace Duel.Sandbox.Worker.Sandbox;

/// <summary>
/// The few libc calls .NET's Process cannot make: posix_spawn with a fourth pipe and a
/// fifth (seccomp) fd mapped into the child, a new session, closefrom, and poll over pipes.
/// </summary>
internal static unsafe partial class Native
{
    private const string Libc = "libc.so.6";

    public const int OCloexec = 0x80000;
    public const int ONonblock = 0x800;
    public const int FSetfl = 4;
    public const int FGetfl = 3;
    public const short PosixSpawnSetsigdef = 0x04;
    public const short PosixSpawnSetsigmask = 0x08;
    public const short PosixSpawnSetsid = 0x80;
    public const int SigKill = 9;
    public const int WNohang = 1;
    public const short PollIn = 0x001;
    public const short PollOut = 0x004;
    public const short PollErr = 0x008;
    public const short PollHup = 0x010;
    public const int EIntr = 4;
    public const int EAgain = 11;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int pipe2(int* fds, int flags);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int fcntl(int fd, int cmd, int arg);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial nint read(int fd, byte* buffer, nint count);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial nint write(int fd, byte* buffer, nint count);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int kill(int pid, int signal);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int waitpid(int pid, int* status, int options);

    [LibraryImport(Libc)]
    public static partial int posix_spawn_file_actions_init(byte* actions);

    [LibraryImport(Libc)]
    public static partial int posix_spawn_file_actions_adddup2(byte* actions, int fd, int newFd);

    [LibraryImport(Libc)]
    public static partial int posix_spawn_file_actions_addclosefrom_np(byte* actions, int from);

    [LibraryImport(Libc)]
    public static partial int posix_spawn_file_actions_destroy(byte* actions);

    [LibraryImport(Libc)]
    public static partial int posix_spawnattr_init(byte* attr);

    [LibraryImport(Libc)]
    public static partial int posix_spawnattr_setflags(byte* attr, short flags);

    [LibraryImport(Libc)]
    public static partial int posix_spawnattr_setsigmask(byte* attr, byte* set);

    [LibraryImport(Libc)]
    public static partial int posix_spawnattr_setsigdefault(byte* attr, byte* set);

    [LibraryImport(Libc)]
    public static partial int posix_spawnattr_destroy(byte* attr);

    [LibraryImport(Libc)]
    public static partial int sigemptyset(byte* set);

    [LibraryImport(Libc)]
    public static partial int sigfillset(byte* set);

    [LibraryImport(Libc)]
    public static partial int posix_spawn(int* pid, byte* path, byte* actions, byte* attr, byte** argv, byte** envp);

    [LibraryImport(Libc)]
    public static partial uint geteuid();
}
