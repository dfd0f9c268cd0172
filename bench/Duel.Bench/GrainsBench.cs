using System.Diagnostics;
using Duel.Silo;
using Duel.Testing;
using Npgsql;

namespace Duel.Bench;

/// <summary>
/// <c>./duel bench grains</c>: turns per second and turn latency (p50/p99) for one hot grain and for 1,000 grains,
/// through 1 and 3 in-process silos on the run's PostgreSQL. "max" keeps <c>--callers</c> calls in flight (latency
/// then includes queueing); "at N/s" starts calls on a fixed schedule and measures from the scheduled start.
/// Options: <c>--seconds N</c> per scenario (default 8), <c>--callers N</c> (64), <c>--rate N</c> (2000),
/// <c>--silos 1,3</c>, <c>--grains 1,1000</c>.
/// </summary>
public static class GrainsBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = TimeSpan.FromSeconds(Option(args, "--seconds", 8));
        var callers = Option(args, "--callers", 64);
        var rate = Option(args, "--rate", 2_000);
        var siloCounts = Options(args, "--silos", [1, 3]);
        var grainCounts = Options(args, "--grains", [1, 1_000]);
        Console.WriteLine($"grain turns: {Environment.ProcessorCount} cores, load average {LoadAverage()}, PostgreSQL {await ServerSettingsAsync()}");
        Console.WriteLine($"{"scenario",-24} {"mode",-18} {"turns/s",8} {"p50 ms",8} {"p99 ms",8} {"max ms",8} {"retries",8} {"cpu ms/turn",12}");
        foreach (var silos in siloCounts)
        {
            await using var cluster = await TestCluster.StartAsync(silos, s => s.AddGrain<IGrainsBenchCounter, GrainsBenchCounter>());
            foreach (var grains in grainCounts)
            {
                var name = $"{(grains == 1 ? "1 hot grain" : $"{grains:N0} grains")}, {silos} silo{(silos > 1 ? "s" : "")}";
                var load = new GrainsBenchLoad(cluster, grains, $"g{grains}");
                // Long enough for tiered JIT and Npgsql's auto-prepare to settle on every connection.
                await load.ClosedAsync(callers, TimeSpan.FromSeconds(3));
                await PrintAsync(cluster, name, $"max ({callers} callers)", () => load.ClosedAsync(callers, seconds));
                if (grains > 1)
                {
                    await PrintAsync(cluster, name, $"at {rate:N0}/s", () => load.OpenAsync(rate, seconds));
                }
            }
        }
        return 0;
    }

    private static async Task PrintAsync(TestCluster cluster, string name, string mode, Func<Task<GrainsBenchResult>> run)
    {
        var retries = cluster.Silos.Sum(s => s.Counters.Retries);
        var result = await run();
        Console.WriteLine($"{name,-24} {mode,-18} {result.PerSecond,8:N0} {result.P50,8:N1} {result.P99,8:N1} {result.Max,8:N1} {cluster.Silos.Sum(s => s.Counters.Retries) - retries,8} {result.CpuMs,12:N3}");
    }

    private static async Task<string> ServerSettingsAsync()
    {
        await using var connection = new NpgsqlConnection(TestPostgres.ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select format('%s, fsync=%s, synchronous_commit=%s', current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit'))",
            connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static int[] Options(string[] args, string name, int[] fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? [.. args[i + 1].Split(',').Select(int.Parse)] : fallback;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
    }
}
