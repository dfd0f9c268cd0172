using Duel.Sandbox.Worker.Contracts;
using Duel.Sandbox.Worker.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace Duel.Sandbox.Tests;

/// <summary>
/// A test's time limit counts what it ran or slept, not the time it waited for a core: on a busy host a correct
/// solution is judged late, not timed out. The jobs are starved here by a lower quota on their slots' cpu groups (the
/// kernel counts a throttled process's time as waiting, as it counts a wait behind other processes).
/// </summary>
public sealed class WaitingForACoreTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    // Spins on its own CPU clock, so the CPU a call takes does not depend on the machine's speed.
    private static string Spinning(double seconds) =>
        "import time\n" +
        "def is_palindrome(s):\n" +
        $"    end = time.process_time() + {seconds}\n" +
        "    while time.process_time() < end:\n" +
        "        pass\n" +
        "    t = [c.lower() for c in s if c.isalnum()]\n" +
        "    return t == t[::-1]\n";

    [Fact]
    public async Task A_test_that_waits_for_a_core_is_judged_on_what_it_ran()
    {
        // A fifth of a core for every job: 0.3 s of CPU takes about 1.5 s of wall clock, over the 1 s limit.
        Assert.Equal(1000, sandbox.Palindrome.TimeLimitMs);
        // The slots make their cpu groups as they start their first jobs.
        Checks.Status(await sandbox.JudgeAsync(sandbox.Palindrome.Reference, visibleOnly: true), Verdict.StatusPassed);
        var starved = await StarvedAsync(() => sandbox.JudgeAsync(Spinning(0.3), visibleOnly: true));

        Checks.Status(starved, Verdict.StatusPassed);
        Assert.True(starved.ElapsedMs > starved.Tests.Count * 1000, $"{starved.ElapsedMs} ms: the job was not starved, so this proves nothing");
    }

    [Fact]
    public async Task Code_slower_than_the_limit_still_times_out()
    {
        var slow = await sandbox.JudgeAsync(Spinning(1.5), visibleOnly: true);

        Checks.TimedOutAt(slow, 0);
    }

    /// <summary>Runs <paramref name="judge"/> with each of the pool's slot uids at a fifth of a core, then gives them their core back.</summary>
    private async Task<T> StarvedAsync<T>(Func<Task<T>> judge)
    {
        var quotas = sandbox.Services.GetRequiredService<SlotPool>().Uids
            .Select(uid => Path.Combine(SlotCgroups.CpuGroup(uid), "cpu.cfs_quota_us")).Where(File.Exists).ToList();
        if (quotas.Count == 0)
        {
            throw new InvalidOperationException($"no slot cpu group under {Path.GetDirectoryName(SlotCgroups.CpuGroup(0))}: the sandbox runs without its cgroups here");
        }

        foreach (var quota in quotas)
        {
            await File.WriteAllTextAsync(quota, "20000");
        }
        try
        {
            return await judge();
        }
        finally
        {
            foreach (var quota in quotas)
            {
                await File.WriteAllTextAsync(quota, "100000");
            }
        }
    }
}
