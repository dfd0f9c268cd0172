using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Duel.Sandbox.Worker.Zygote;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Duel.Sandbox.Worker.Sandbox;

/// <summary>
/// Runs the harness once per job and drives the conversation with a single poll loop over
/// stdin, stdout, stderr and the result pipe: by default in a process forked from the slot's
/// zygote (<see cref="ZygoteRunner"/>), else (<c>Sandbox:Mode=fresh</c>, or not root) in a
/// fresh sandbox, one process per run, started before the job arrives (pre-warm) but seeing
/// no job data until then.
/// </summary>
internal sealed class SandboxRunner
{
    private static readonly string[] Environment = ["PATH=/usr/bin:/bin", "LANG=C.UTF-8"];
    private readonly SandboxOptions _options;
    private readonly Lazy<PythonRuntime> _python;
    private readonly byte[] _seccomp = SeccompFilter.Build();
    private readonly BlockingCollection<Action> _spawns = [];
    private readonly Lazy<string> _module;
    private readonly ZygoteRunner _zygotes;

    public SandboxRunner(IOptions<SandboxOptions> options, ILogger<SandboxRunner> logger)
    {
        _options = options.Value;
        _python = new Lazy<PythonRuntime>(() => PythonRuntime.Discover(_options.PythonPath));
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Harness.harness.py")
            ?? throw new InvalidOperationException("embedded harness missing");
        Harness = new StreamReader(stream).ReadToEnd();
        _module = new Lazy<string>(() => ZygoteModule.Ensure(Python, Path.Combine(_options.StateDir, "cache"), _options.CompilerPath));
        _zygotes = new ZygoteRunner(_options, StartZygote, logger);
        new Thread(SpawnLoop) { IsBackground = true, Name = "sandbox-spawner" }.Start();
    }

    public string Harness { get; }

    public PythonRuntime Python => _python.Value;

    /// <summary>True when runs are forked from zygotes (the default whenever the worker is root).</summary>
    public bool UsesZygote(bool privileged) => privileged && _options.Mode == "zygote";

    /// <summary>Runs one conversation: forked from the slot's zygote, or in the slot's spare sandbox (or a new one), then kills it.</summary>
    public RunOutcome Run(SandboxSlot slot, bool privileged, IConversation conversation)
    {
        if (UsesZygote(privileged))
        {
            return _zygotes.Run(slot, conversation);
        }
        var taken = Stopwatch.GetTimestamp();
        var sandbox = slot.Spare;
        slot.Spare = null;
        if (sandbox is null || sandbox.Child.HasExited)
        {
            sandbox?.Dispose();
            sandbox = Start(slot, privileged);
        }
        var oomBefore = slot.Cgroups?.OomKills() ?? 0;
        var started = Stopwatch.GetTimestamp();
        var forkMs = Stopwatch.GetElapsedTime(taken, started).TotalMilliseconds;
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
            pump.StdoutHead, pump.StderrHead, Stopwatch.GetElapsedTime(started).TotalMilliseconds) { ForkMs = forkMs };
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
        return OnSpawner(() => WarmSandbox.Start(argv, Environment, _seccomp));
    }

    private ZygoteProcess StartZygote(SandboxSlot slot)
    {
        var argv = ZygoteCommand.Build(_options, Python, slot, _module.Value, Harness, _seccomp);
        return OnSpawner(() => ZygoteProcess.Start(argv, Environment));
    }

    private T OnSpawner<T>(Func<T> start)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _spawns.Add(() =>
        {
            try
            {
                done.SetResult(start());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        return done.Task.GetAwaiter().GetResult();
    }

    private void SpawnLoop()
    {
        foreach (var spawn in _spawns.GetConsumingEnumerable())
        {
            spawn();
        }
    }
}
