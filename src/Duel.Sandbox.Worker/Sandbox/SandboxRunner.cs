using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;

namespace Duel.Sandbox.Worker.Sandbox;

/// <summary>
/// Runs the harness once in a fresh sandbox (one process per run, never reused) and drives
/// the conversation with a single poll loop over stdin, stdout, stderr and the result pipe.
/// </summary>
internal sealed unsafe class SandboxRunner
{
    private static readonly string[] Environment = ["PATH=/usr/bin:/bin", "LANG=C.UTF-8"];
    private readonly SandboxOptions _options;
    private readonly Lazy<PythonRuntime> _python;
    private readonly byte[] _seccomp = SeccompFilter.Build();

    public SandboxRunner(IOptions<SandboxOptions> options)
    {
        _options = options.Value;
        _python = new Lazy<PythonRuntime>(() => PythonRuntime.Discover(_options.PythonPath));
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Harness.harness.py")
            ?? throw new InvalidOperationException("embedded harness missing");
        Harness = new StreamReader(stream).ReadToEnd();
    }

    public string Harness { get; }

    public PythonRuntime Python => _python.Value;

    public RunOutcome Run(SandboxSlot slot, bool privileged, int cpuSeconds, IConversation conversation)
    {
        var argv = SandboxCommand.Build(_options, Python, slot, privileged, cpuSeconds, Harness);
        using var stdin = PipePair.ToChild();
        using var stdout = PipePair.FromChild();
        using var stderr = PipePair.FromChild();
        using var results = PipePair.FromChild();
        using var seccomp = PipePair.ToChild();
        WriteAll(seccomp.Write, _seccomp);
        seccomp.CloseWrite();
        var oomBefore = slot.Cgroups?.OomKills() ?? 0;
        var started = Stopwatch.GetTimestamp();
        var child = ChildProcess.Spawn(argv, Environment,
            [(0, stdin.Read), (1, stdout.Write), (2, stderr.Write), (3, results.Write), (SandboxCommand.SeccompFd, seccomp.Read)]);
        stdin.CloseRead();
        stdout.CloseWrite();
        stderr.CloseWrite();
        results.CloseWrite();
        seccomp.CloseRead();
        var pump = new PipePump(_options, stdin.Write, stdout.Read, stderr.Read, results.Read, _options.MaxValueBytes * 2 + (64 << 10));
        try
        {
            pump.Run(conversation);
        }
        finally
        {
            child.Terminate();
            slot.Cgroups?.KillAll();
        }
        var oom = slot.Cgroups is { } cg && cg.OomKills() > oomBefore;
        return new RunOutcome(pump.TimedOut, pump.OutputLimit, oom, child.Signaled, child.TermSignal, child.ExitCode,
            pump.StdoutHead, pump.StderrHead, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private static void WriteAll(int fd, byte[] bytes)
    {
        fixed (byte* p = bytes)
        {
            var n = Native.write(fd, p, bytes.Length);
            if (n != bytes.Length)
            {
                throw new InvalidOperationException($"seccomp program write failed: errno {Marshal.GetLastPInvokeError()}");
            }
        }
    }
}
