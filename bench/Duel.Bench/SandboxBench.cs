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
/// one at a time for latency and in a burst for throughput, with where the time and the CPU
/// went; plus bare python start-up. Options: --mode zygote|fresh, --cold (fresh without
/// pre-warm), --no-netns (zygote jobs without a network namespace of their own).
/// </summary>
public static class SandboxBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var cold = args.Contains("--cold");
        var mode = cold || Flag(args, "--mode") == "fresh" ? "fresh" : "zygote";
        var netns = !args.Contains("--no-netns");
        var numbers = args.Where((a, i) => !a.StartsWith("--") && (i == 0 || args[i - 1] != "--mode")).Select(int.Parse).ToList();
        var sequential = numbers.Count > 0 ? numbers[0] : 200;
        var burst = numbers.Count > 1 ? numbers[1] : 300;
        Console.WriteLine($"sandbox bench: palindrome reference (13 tests), worker with 2 slots, mode {mode}" +
                          (mode == "fresh" ? $", pre-warm {(cold ? "off" : "on")}" : $", network namespace per job {(netns ? "on" : "off")}") +
                          $", {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg")[..14]}");
        var python = SandboxBenchStats.Of(BarePython(50));
        Console.WriteLine($"python3 -I -S -c pass start-up: p50 {python.P50:F1} ms  p99 {python.P99:F1} ms (50 runs)");
        var settings = new Dictionary<string, string>
        {
            ["Sandbox__Mode"] = mode,
            ["Sandbox__PreWarm"] = cold ? "false" : "true",
            ["Sandbox__NetNamespacePerJob"] = netns ? "true" : "false",
        };

        var connection = await TestPostgres.CreateDatabaseAsync("bench_sandbox");
        try
        {
            await using var db = NpgsqlDataSource.Create(connection);
            await MigrationRunner.RunAsync(db);
            var workerUrl = new NpgsqlConnectionStringBuilder(connection) { Username = "duel_worker", Password = await WorkerPasswordAsync(db) }.ConnectionString;
            var timings = new SandboxBenchTimings();
            using var worker = StartWorker(workerUrl, settings, timings);
            try
            {
                return await MeasureAsync(db, connection, worker.Id, timings, python.P50, sequential, burst);
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

    private static async Task<int> MeasureAsync(NpgsqlDataSource db, string connection, int workerPid, SandboxBenchTimings timings,
        double bareP50, int sequential, int burst)
    {
        await using var jobs = await SandboxBenchJobs.CreateAsync(db, connection);
        await jobs.RunSequentialAsync(20);
        timings.Clear();
        var latency = SandboxBenchStats.Of(await jobs.RunSequentialAsync(sequential));
        Console.WriteLine($"job inserted → verdict written ({sequential} jobs, one at a time): p50 {latency.P50:F1} ms  p99 {latency.P99:F1} ms  max {latency.Max:F1} ms");
        Console.WriteLine($"  one at a time: {timings.Summary()}");
        var backends = await BackendsAsync(db);
        timings.Clear();
        var before = SandboxBenchCpu.Measure(workerPid, backends);
        var machineBefore = MachineCpu.Now();
        var (seconds, passed) = await jobs.RunBurstAsync(burst);
        var cpu = SandboxBenchCpu.Measure(workerPid, backends) - before;
        var machine = MachineCpu.Now();
        var client = machine.ProcessSince(machineBefore).TotalMilliseconds;
        var busy = machine.BusySince(machineBefore);
        var perVerdict = cpu.TotalMs / burst;
        Console.WriteLine($"throughput ({burst} jobs queued at once, 2 slots): {burst / seconds:F1} verdicts/s ({seconds:F2} s, {passed}/{burst} passed)");
        Console.WriteLine($"  in the burst:  {timings.Summary()}");
        Console.WriteLine($"  ({SandboxBenchTimings.Legend})");
        Console.WriteLine($"CPU per verdict in the burst: {perVerdict:F1} ms = worker process {cpu.WorkerMs / burst:F1} + sandboxes {cpu.SandboxMs / burst:F1} " +
                          $"+ PostgreSQL backends {cpu.PostgresMs / burst:F1} ({backends.Count} backends: the worker's and this bench's); " +
                          $"not counted: this bench client {client / burst:F1} ms, on the same 2 cores; the machine was {busy:P0} busy (all processes)");
        string Mark(bool met) => met ? "met" : "NOT met";
        Console.WriteLine($"targets: ≥ 150 verdicts/s {Mark(burst / seconds >= 150)}; p50 ≤ 1.5 × bare start-up = {1.5 * bareP50:F1} ms {Mark(latency.P50 <= 1.5 * bareP50)}; " +
                          $"p99 ≤ 40 ms {Mark(latency.P99 <= 40)}; CPU per verdict ≤ 12 ms {Mark(perVerdict <= 12)}");
        return passed == burst ? 0 : 1;
    }

    private static async Task<List<int>> BackendsAsync(NpgsqlDataSource db)
    {
        await using var cmd = db.CreateCommand("select pid from pg_stat_activity where datname = current_database()");
        await using var reader = await cmd.ExecuteReaderAsync();
        var pids = new List<int>();
        while (await reader.ReadAsync())
        {
            pids.Add(reader.GetInt32(0));
        }
        return pids;
    }

    /// <summary>
    /// The role's password as ./duel set it (Duel__WorkerPostgres): a role belongs to the whole server, so
    /// setting a password of the bench's own would lock out the workers of a cluster on the same server.
    /// Only a bench run without ./duel sets one.
    /// </summary>
    private static async Task<string> WorkerPasswordAsync(NpgsqlDataSource db)
    {
        if (Environment.GetEnvironmentVariable("Duel__WorkerPostgres") is { Length: > 0 } url
            && new NpgsqlConnectionStringBuilder(url).Password is { Length: > 0 } password)
        {
            return password;
        }

        await using var cmd = db.CreateCommand("alter role duel_worker login password 'bench-worker'");
        await cmd.ExecuteNonQueryAsync();
        return "bench-worker";
    }

    private static string? Flag(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

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

    private static Process StartWorker(string connectionString, Dictionary<string, string> settings, SandboxBenchTimings timings)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Duel.Sandbox.Worker.dll")])
        {
            RedirectStandardOutput = true,
        };
        start.Environment["Duel__Postgres"] = connectionString;
        start.Environment["Sandbox__Concurrency"] = "2";
        start.Environment["Sandbox__TimingLog"] = "true";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line && !timings.Offer(line))
            {
                Console.Error.WriteLine("worker: " + line);
            }
        };
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
