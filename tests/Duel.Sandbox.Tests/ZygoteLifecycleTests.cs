using Duel.Sandbox.Worker.Contracts;
using Duel.Sandbox.Worker.Sandbox;

namespace Duel.Sandbox.Tests;

/// <summary>When a slot's zygote is kept, replaced, and what it is not part of.</summary>
public sealed class ZygoteLifecycleTests(ZygoteFixture zygote) : IClassFixture<ZygoteFixture>
{
    [Fact]
    public async Task A_clean_job_keeps_the_zygote_and_a_misbehaving_one_replaces_it()
    {
        await zygote.JudgeAsync(zygote.Palindrome.Reference);
        var first = zygote.ZygotePid();
        Assert.Equal(Verdict.StatusPassed, (await zygote.JudgeAsync(zygote.Palindrome.Reference)).Status);
        Assert.Equal(first, zygote.ZygotePid());

        Checks.TimedOutAt(await zygote.JudgeAsync("def is_palindrome(s):\n    while True:\n        pass\n", visibleOnly: true), 0);
        var second = zygote.ZygotePid();
        Assert.NotEqual(first, second);
        Assert.False(Directory.Exists($"/proc/{first}"), "the replaced zygote still runs");

        Checks.Status(await zygote.JudgeAsync(HostilePrograms.Prelude + "\ndef is_palindrome(s):\n    os._exit(3)\n", visibleOnly: true), Verdict.StatusCrashed);
        Assert.NotEqual(second, zygote.ZygotePid());
        Assert.Equal(Verdict.StatusPassed, (await zygote.JudgeAsync(zygote.Palindrome.Reference)).Status);
    }

    [Fact]
    public async Task The_zygote_runs_outside_the_jobs_cgroups_so_the_sweep_never_kills_it()
    {
        await zygote.JudgeAsync(zygote.Palindrome.Reference);
        var pid = zygote.ZygotePid();

        var groups = File.ReadAllLines($"/proc/{pid}/cgroup");

        Assert.True(zygote.Pool.CgroupsActive);
        Assert.DoesNotContain(groups, g => g.Contains("duel-sandbox"));
        Assert.Equal("0", File.ReadAllLines($"/proc/{pid}/status").First(l => l.StartsWith("Uid:")).Split('\t')[1]);
    }

    [Fact]
    public async Task A_job_runs_in_a_cpu_group_that_weighs_less_than_an_ordinary_process()
    {
        var verdict = await zygote.JudgeAsync("PRELUDE\ndef is_palindrome(s):\n    return _open('/proc/self/cgroup').read()\n", visibleOnly: true);
        var groups = verdict.Tests.Single(t => t.Index == 0).Actual?.GetString();

        Assert.NotNull(groups);
        Assert.Matches(@"(?m)^\d+:cpu(,cpuacct)?:/duel-sandbox/u\d+$", groups);
        var shares = int.Parse(File.ReadAllText("/sys/fs/cgroup/cpu/duel-sandbox/cpu.shares"));
        Assert.Equal(new SandboxOptions().CpuShares, shares);
        Assert.True(shares < 1024, $"the jobs' group weighs {shares}, an ordinary process 1024");
    }
}

/// <summary>The bound: a zygote serves <c>Sandbox:ZygoteJobs</c> jobs, then a new one takes over.</summary>
public sealed class ZygoteBoundTests(ShortLivedZygoteFixture zygote) : IClassFixture<ShortLivedZygoteFixture>
{
    [Fact]
    public async Task A_zygote_is_replaced_after_its_bound()
    {
        Assert.Equal(Verdict.StatusPassed, (await zygote.JudgeAsync(zygote.Palindrome.Reference)).Status);
        var first = zygote.ZygotePid();
        Assert.Equal(Verdict.StatusPassed, (await zygote.JudgeAsync(zygote.Palindrome.Reference)).Status);
        var second = zygote.ZygotePid();
        Assert.Equal(Verdict.StatusPassed, (await zygote.JudgeAsync(zygote.Palindrome.Reference)).Status);

        Assert.NotEqual(first, second);
        Assert.Equal(second, zygote.ZygotePid());
    }
}
