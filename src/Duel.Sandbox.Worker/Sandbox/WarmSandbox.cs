namespace Duel.Sandbox.Worker.Sandbox;

/// <summary>
/// A started sandbox whose harness waits for its one submission on stdin. Started ahead of
/// time so python's start-up is off the verdict path; used for exactly one run, then killed.
/// </summary>
internal sealed class WarmSandbox : IDisposable
{
    private readonly PipePair _stdin;
    private readonly PipePair _stdout;
    private readonly PipePair _stderr;
    private readonly PipePair _results;

    private WarmSandbox(ChildProcess child, PipePair stdin, PipePair stdout, PipePair stderr, PipePair results)
    {
        Child = child;
        _stdin = stdin;
        _stdout = stdout;
        _stderr = stderr;
        _results = results;
    }

    public ChildProcess Child { get; }

    public int Stdin => _stdin.Write;

    public int Stdout => _stdout.Read;

    public int Stderr => _stderr.Read;

    public int Results => _results.Read;

    public static WarmSandbox Start(IReadOnlyList<string> argv, IReadOnlyList<string> env, byte[] seccomp)
    {
        var stdin = PipePair.ToChild();
        var stdout = PipePair.FromChild();
        var stderr = PipePair.FromChild();
        var results = PipePair.FromChild();
        using var filter = PipePair.ToChild();
        filter.WriteAll(seccomp);
        filter.CloseWrite();
        var child = ChildProcess.Spawn(argv, env,
            [(0, stdin.Read), (1, stdout.Write), (2, stderr.Write), (3, results.Write), (SandboxCommand.SeccompFd, filter.Read)]);
        stdin.CloseRead();
        stdout.CloseWrite();
        stderr.CloseWrite();
        results.CloseWrite();
        return new WarmSandbox(child, stdin, stdout, stderr, results);
    }

    public void Dispose()
    {
        Child.Terminate();
        _stdin.Dispose();
        _stdout.Dispose();
        _stderr.Dispose();
        _results.Dispose();
    }
}
