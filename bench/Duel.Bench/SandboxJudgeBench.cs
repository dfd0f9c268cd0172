using System.Diagnostics;
using Duel.Sandbox.Worker;
using Duel.Sandbox.Worker.Judging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Duel.Bench;

/// <summary>
/// ./duel bench sandbox-judge: the judge alone, in-process (no database, no NOTIFY), one
/// submission at a time: separates the sandbox's share of the end-to-end figure.
/// </summary>
public static class SandboxJudgeBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var cold = args.Contains("--cold");
        var runs = args.Where(a => !a.StartsWith("--")).Select(int.Parse).FirstOrDefault(200);
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sandbox:Concurrency"] = "2",
            ["Sandbox:PreWarm"] = cold ? "false" : "true",
            ["Sandbox:Mode"] = args.Contains("--fresh") || cold ? "fresh" : "zygote",
        }).Build();
        await using var services = new ServiceCollection().AddSingleton<IConfiguration>(config).AddLogging().AddSandbox().BuildServiceProvider();
        var judge = services.GetRequiredService<Judge>();
        var challenge = ChallengeFile.Load(Path.Combine(AppContext.BaseDirectory, "challenges", "palindrome.json"));
        var request = challenge.ToRequest(challenge.Reference, false);
        for (var i = 0; i < 20; i++)
        {
            await judge.JudgeAsync(request, CancellationToken.None);
        }
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var verdict = await judge.JudgeAsync(request, CancellationToken.None);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (verdict.Status != "passed")
            {
                Console.WriteLine($"unexpected verdict: {verdict.Status} {verdict.Message}");
                return 1;
            }
        }
        var stats = SandboxBenchStats.Of(times);
        Console.WriteLine($"judge only, in-process, pre-warm {(cold ? "off" : "on")} ({runs} runs): p50 {stats.P50:F1} ms  p99 {stats.P99:F1} ms");
        return 0;
    }
}
