using System.Runtime.InteropServices;

namespace Duel.Sandbox.Worker.Sandbox;

/// <summary>The unix socketpair and SCM_RIGHTS send a zygote's control channel needs.</summary>
internal static unsafe partial class Native
{
    public const int AfUnix = 1;
    public const int SockSeqpacket = 5;
    public const int SockCloexec = 0x80000;
    public const int SolSocket = 1;
    public const int ScmRights = 1;
    public const int MsgNosignal = 0x4000;

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int socketpair(int domain, int type, int protocol, int* fds);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial nint sendmsg(int fd, MsgHdr* message, int flags);

    /// <summary>Sends <paramref name="data"/> with <paramref name="fds"/> attached (SCM_RIGHTS).</summary>
    public static void SendFds(int socket, ReadOnlySpan<byte> data, ReadOnlySpan<int> fds)
    {
        // struct cmsghdr { size_t len; int level; int type; } followed by the fds, 8-byte aligned.
        var controlLength = 16 + ((fds.Length * sizeof(int) + 7) & ~7);
        var control = stackalloc byte[controlLength];
        new Span<byte>(control, controlLength).Clear();
        *(nuint*)control = (nuint)(16 + fds.Length * sizeof(int));
        *(int*)(control + 8) = SolSocket;
        *(int*)(control + 12) = ScmRights;
        fds.CopyTo(new Span<int>(control + 16, fds.Length));
        fixed (byte* p = data)
        {
            var iov = new IoVec { Base = p, Length = (nuint)data.Length };
            var message = new MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = (nuint)controlLength };
            nint sent;
            do
            {
                sent = sendmsg(socket, &message, MsgNosignal);
            }
            while (sent < 0 && Marshal.GetLastPInvokeError() == EIntr);
            if (sent != data.Length)
            {
                throw new InvalidOperationException($"sendmsg to the zygote failed: errno {Marshal.GetLastPInvokeError()}");
            }
        }
    }
}
