namespace Duel.Sandbox.Worker.Sandbox;

/// <summary>
/// A raw waitpid status as Linux encodes it (the WIFSIGNALED / WTERMSIG / WEXITSTATUS macros, which
/// .NET does not expose): read the same way for a spawned sandbox and for a zygote's job.
/// </summary>
internal static class WaitStatus
{
    public static bool Signaled(int status) => (status & 0x7f) != 0 && (status & 0x7f) != 0x7f;

    public static int TermSignal(int status) => status & 0x7f;

    public static int ExitCode(int status) => (status >> 8) & 0xff;
}
