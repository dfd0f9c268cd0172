using System.ComponentModel.DataAnnotations;

namespace Duel.Sandbox.Worker.Sandbox;

/// <summary>Limits and paths of the bubblewrap sandbox (configuration section <c>Sandbox</c>).</summary>
public sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    /// <summary>Jobs run at once; each slot has its own host uid and cgroups.</summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = Environment.ProcessorCount;

    [Required] public string BwrapPath { get; set; } = "/usr/bin/bwrap";
    [Required] public string PythonPath { get; set; } = "/usr/bin/python3";
    [Required] public string SetprivPath { get; set; } = "/usr/bin/setpriv";
    [Required] public string PrlimitPath { get; set; } = "/usr/bin/prlimit";
    [Required] public string ShellPath { get; set; } = "/bin/sh";

    /// <summary>Where slot locks live; slots of all workers on a host never share a uid.</summary>
    [Required] public string StateDir { get; set; } = "/run/duel-sandbox";

    [Range(1000, 4_000_000_000)] public long UidBase { get; set; } = 61000;
    [Range(1, 4096)] public int UidCount { get; set; } = 256;

    [Range(64, 4096)] public int MemoryMiB { get; set; } = 256;
    [Range(1, 1024)] public int TmpfsMiB { get; set; } = 16;
    /// <summary>Processes and threads of one slot (RLIMIT_NPROC on the slot uid, and pids.max).</summary>
    [Range(4, 4096)] public int MaxProcesses { get; set; } = 16;
    [Range(1, 1024)] public int MaxFileMiB { get; set; } = 8;
    [Range(16, 4096)] public int MaxOpenFiles { get; set; } = 64;
    [Range(1, 256)] public int StackMiB { get; set; } = 8;

    /// <summary>Bytes of raw stdout/stderr kept per stream; the rest is drained and dropped.</summary>
    [Range(1024, 16 << 20)] public int OutputCapBytes { get; set; } = 64 << 10;

    /// <summary>Raw output past which the run is killed as output-limit.</summary>
    [Range(64 << 10, 1 << 30)] public long OutputKillBytes { get; set; } = 8 << 20;

    [Range(16, 16 << 20)] public int MaxSourceBytes { get; set; } = 64 << 10;
    [Range(64, 64 << 20)] public int MaxValueBytes { get; set; } = 1 << 20;
    [Range(0, 1 << 20)] public int MaxTestStdoutChars { get; set; } = 4096;

    /// <summary>Python start-up allowance before the code's own load time limit starts.</summary>
    [Range(50, 10_000)] public int StartupGraceMs { get; set; } = 700;

    /// <summary>Slack on top of a test's limit before the watchdog kills (the harness reports first).</summary>
    [Range(10, 5_000)] public int TestGraceMs { get; set; } = 300;

    /// <summary>
    /// How long a test (or the code's load) may last on the wall clock, as a multiple of its time limit. The limit
    /// counts the time the test ran or slept, not the time it waited for a core behind other processes (its run
    /// queue delay, <c>/proc/self/schedstat</c>): on a busy host a correct solution is judged late, not timed out.
    /// Past this wall time it is timed out all the same. The worker's watchdog gives a job that runs as one thread the
    /// time it waited (its slot's cpu group, <see cref="SlotCgroups.WaitedNs"/>), up to the same wall time; a job with
    /// more threads, or in the fresh mode, is killed at its limit and grace as before.
    /// </summary>
    [Range(1, 20)] public int WallFactor { get; set; } = 4;

    /// <summary>
    /// Start each slot's next sandbox (bwrap + python + harness, waiting on stdin) as soon as
    /// the previous run ends, so start-up is not on the verdict path. Never reuses a process.
    /// </summary>
    public bool PreWarm { get; set; } = true;

    /// <summary>RLIMIT_CPU of a sandbox before the harness lowers it to what the job needs.</summary>
    [Range(1, 3600)] public int MaxCpuSeconds { get; set; } = 60;

    /// <summary>
    /// <c>zygote</c> (default): each slot forks every job from an interpreter with the harness
    /// loaded; <c>fresh</c>: one bwrap + python started per job. Zygote needs root (it gives
    /// each job its own uid); without root the worker falls back to fresh.
    /// </summary>
    [RegularExpression("^(zygote|fresh)$")] public string Mode { get; set; } = "zygote";

    /// <summary>Uids each slot holds and hands out in turn (zygote path), so consecutive jobs never share one.</summary>
    [Range(2, 16)] public int UidsPerSlot { get; set; } = 2;

    /// <summary>Jobs a zygote serves before it is replaced (it is replaced at once after a job misbehaves).</summary>
    [Range(1, 100_000)] public int ZygoteJobs { get; set; } = 500;

    /// <summary>A network namespace per job on top of the zygote's own empty one.</summary>
    public bool NetNamespacePerJob { get; set; } = true;

    /// <summary>How long a job that finished its conversation may take to exit before it is killed.</summary>
    [Range(10, 10_000)] public int ExitGraceMs { get; set; } = 500;

    /// <summary>Compiler of the zygote's C extension (built once per source hash).</summary>
    [Required] public string CompilerPath { get; set; } = "/usr/bin/gcc";

    public bool UseCgroups { get; set; } = true;

    /// <summary>
    /// <c>cpu.shares</c> of the cpu cgroup every job runs under (<c>duel-sandbox</c>, shared by the host's workers).
    /// An ordinary process weighs 1024 (with autogroup, as here, each session does), so below that the judge yields
    /// to the web nodes, the silos and the database when they want the same cores, and still takes every idle cycle.
    /// </summary>
    [Range(2, 262_144)] public int CpuShares { get; set; } = 256;

    public bool UseSeccomp { get; set; } = true;
}
