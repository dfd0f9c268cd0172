using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace Duel.Sandbox.Worker.Sandbox;

/// <summary>
/// Runs the harness once in a fresh sandbox (one process per run, never reused) and drives
/// the conversation with a single poll loop over stdin, stdout, stderr and the result pipe.
/// The process is started before the job arrives (pre-warm) but sees no job data until then.
/// </summary>
internal sealed class SandboxRunner
{
    private static readonly string[] Environment = ["PATH=/usr/bin:/bin", "LANG=C.UTF-8"];
    private readonly SandboxOptions _options;
    private readonly Lazy<PythonRuntime> _python;
    private readonly byte[] _seccomp = SeccompFilter.Build();
    private readonly BlockingCollection<(Func<WarmSandbox> Start, TaskCompletionSource<WarmSandbox> Done)> _spawns = [];

    public SandboxRunner(IOptions<SandboxOptions> options)
    {
        _options = options.Value;
        _python = new Lazy<PythonRuntime>(() => PythonRuntime.Discover(_options.PythonPath));
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Harness.harness.py")
            ?? throw new InvalidOperationException("embedded harness missing");
        Harness = new StreamReader(stream).ReadToEnd();
        new Thread(SpawnLoop) { IsBackground = true, Name = "sandbox-spawner" }.Start();
    }

    public string Harness { get; }

    public PythonRuntime Python => _python.Value;

    /// <summary>Runs one conversation in the slot's spare sandbox (or a new one), then kills it.</summary>
    public RunOutcome Run(SandboxSlot slot, bool privileged, IConversation conversation)
    {
        var sandbox = slot.Spare;
        slot.Spare = null;
        if (sandbox is null || sandbox.Child.HasExited)
        {
            sandbox?.Dispose();
            sandbox = Start(slot, privileged);
        }
        var oomBefore = slot.Cgroups?.OomKills() ?? 0;
        var started = Stopwatch.GetTimestamp();
        var pump = new PipePump(_options, sandbox.Stdin, sandbox.Stdout, sandbox.Stderr, sandbox.Results, _options.MaxValueBytes * 2 + (64 << 10));
        try
        {
            pump.Run(conversation);
        }
        finally
        {
            sandbox.Dispose();
            slot.Cgroups?.KillAll();
        }
        var child = sandbox.Child;
        var oom = slot.Cgroups is { } cg && cg.OomKills() > oomBefore;
        var outcome = new RunOutcome(pump.TimedOut, pump.OutputLimit, oom, child.Signaled, child.TermSignal, child.ExitCode,
            pump.StdoutHead, pump.StderrHead, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (_options.PreWarm)
        {
            slot.Spare = Start(slot, privileged);
        }
        return outcome;
    }

    // bwrap's --die-with-parent is PR_SET_PDEATHSIG, which fires when the spawning *thread*
    // exits: every sandbox is spawned from one thread that lives as long as the worker.
    private WarmSandbox Start(SandboxSlot slot, bool privileged)
    {
        var argv = SandboxCommand.Build(_options, Python, slot, privileged, Harness);
        var done = new TaskCompletionSource<WarmSandbox>(TaskCreationOptions.RunContinuationsAsynchronously);
        _spawns.Add((() => WarmSandbox.Start(argv, Environment, _seccomp), done));
        return done.Task.GetAwaiter().GetResult();
    }

    private void SpawnLoop()
    {
        foreach (var (start, done) in _spawns.GetConsumingEnumerable())
        {
            try
            {
                done.SetResult(start());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }
    }
}
