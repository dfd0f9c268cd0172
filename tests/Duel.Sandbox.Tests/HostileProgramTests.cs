using System.Diagnostics;
using Duel.Sandbox.Worker.Contracts;
using Duel.Sandbox.Worker.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace Duel.Sandbox.Tests;

/// <summary>
/// Every hostile program must end within its time limit + 1 s with its expected safe outcome,
/// leave no process behind, and the next submission must be judged correctly.
/// </summary>
public sealed class HostileProgramTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    public static TheoryData<string> Names => [.. HostilePrograms.All.Select(p => p.Name)];

    [Fact]
    public void The_suite_has_at_least_forty_programs() => Assert.True(HostilePrograms.All.Count >= 40);

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Attack_fails_safely(string name)
    {
        var program = HostilePrograms.All.Single(p => p.Name == name);
        using var context = new AttackContext();
        var started = Stopwatch.GetTimestamp();
        var verdict = await sandbox.JudgeAsync(context.Fill(program.Code), program.VisibleOnly);
        var elapsed = Stopwatch.GetElapsedTime(started);

        program.Expect(verdict, context);
        Assert.NotEqual(Verdict.StatusPassed, verdict.Status);
        Assert.NotEqual(Verdict.StatusInternalError, verdict.Status);
        Assert.True(elapsed.TotalMilliseconds <= sandbox.Palindrome.TimeLimitMs + 1000, $"took {elapsed.TotalMilliseconds:F0} ms");
        var pool = sandbox.Services.GetRequiredService<SlotPool>();
        await pool.QuiesceAsync();
        Assert.Empty(Checks.ProcessesOf(pool.Uids, except: pool.SparePids));

        var next = await sandbox.JudgeAsync(sandbox.Palindrome.Reference);
        Assert.Equal(Verdict.StatusPassed, next.Status);
        Assert.Equal(next.Total, next.Passed);
    }
}
