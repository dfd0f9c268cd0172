using System.Diagnostics;
using System.Text.Json;
using Duel.Sandbox.Worker.Contracts;
using Duel.Sandbox.Worker.Judging;
using Duel.Silo.Migrations;
using Duel.Testing;
using Npgsql;

namespace Duel.Bench;

/// <summary>
/// ./duel bench sandbox: the palindrome reference through a real worker process (2 slots,
/// role duel_worker), job row inserted → verdict written (seen as the duel_results NOTIFY),
/// one at a time for latency and in a burst for throughput; plus bare python start-up.
/// </summary>
public static class SandboxBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        // --cold: no pre-warmed sandbox (one process started per job on the verdict path).
        var cold = args.Contains("--cold");
        var numbers = args.Where(a => !a.StartsWith("--")).Select(int.Parse).ToList();
        var sequential = numbers.Count > 0 ? numbers[0] : 200;
        var burst = numbers.Count > 1 ? numbers[1] : 300;
        Console.WriteLine($"sandbox bench: palindrome reference (13 tests), worker with 2 slots, pre-warm {(cold ? "off" : "on")}, {Environment.ProcessorCount} cores");
        var python = SandboxBenchStats.Of(BarePython(50));
        Console.WriteLine($"python3 -I -S -c pass start-up: p50 {python.P50:F1} ms  p99 {python.P99:F1} ms (50 runs)");

        var connection = await TestPostgres.CreateDatabaseAsync("bench_sandbox");
        try
        {
            await using var db = NpgsqlDataSource.Create(connection);
            await MigrationRunner.RunAsync(db);
            await using (var cmd = db.CreateCommand("alter role duel_worker login password 'bench-worker'"))
            {
                await cmd.ExecuteNonQueryAsync();
            }
            var workerUrl = new NpgsqlConnectionStringBuilder(connection) { Username = "duel_worker", Password = "bench-worker" }.ConnectionString;
            using var worker = StartWorker(workerUrl, cold);
            try
            {
                return await MeasureAsync(db, connection, sequential, burst);
            }
            finally
            {
                // SIGTERM: the worker stops its pre-warmed sandboxes on the way out.
                using (var term = Process.Start("kill", ["-TERM", worker.Id.ToString()]))
                {
                    term.WaitForExit();
                }
                if (!worker.WaitForExit(15_000))
                {
                    worker.Kill();
                }
            }
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connection);
        }
    }

    private static async Task<int> MeasureAsync(NpgsqlDataSource db, string connection, int sequential, int burst)
    {
        await using var jobs = await SandboxBenchJobs.CreateAsync(db, connection);
        await jobs.RunSequentialAsync(20);
        var latency = SandboxBenchStats.Of(await jobs.RunSequentialAsync(sequential));
        Console.WriteLine($"job inserted → verdict written ({sequential} jobs, one at a time): p50 {latency.P50:F1} ms  p99 {latency.P99:F1} ms  max {latency.Max:F1} ms");
        var (seconds, passed) = await jobs.RunBurstAsync(burst);
        Console.WriteLine($"throughput ({burst} jobs queued at once, 2 slots): {burst / seconds:F1} verdicts/s ({seconds:F2} s, {passed}/{burst} passed)");
        Console.WriteLine("targets: p50 ≤ 30 ms, p99 ≤ 80 ms, ≥ 40 verdicts/s");
        return passed == burst ? 0 : 1;
    }

    private static List<double> BarePython(int runs)
    {
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var p = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-I", "-S", "-c", "pass"]))!;
            p.WaitForExit();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return times;
    }

    private static Process StartWorker(string connectionString, bool cold)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Duel.Sandbox.Worker.dll")])
        {
            RedirectStandardOutput = true,
        };
        start.Environment["Duel__Postgres"] = connectionString;
        start.Environment["Sandbox__Concurrency"] = "2";
        start.Environment["Sandbox__PreWarm"] = cold ? "false" : "true";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) Console.Error.WriteLine("worker: " + e.Data); };
        process.BeginOutputReadLine();
        return process;
    }

    internal static string Payload() =>
        JsonSerializer.Serialize(
            ChallengeFile.Load(Path.Combine(AppContext.BaseDirectory, "challenges", "palindrome.json")) is var c
                ? c.ToRequest(c.Reference, false)
                : null,
            JudgeJson.Options);
}
