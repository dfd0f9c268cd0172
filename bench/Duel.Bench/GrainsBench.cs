using System.Diagnostics;
using Duel.Grains.Battles;
using Duel.Grains.Catalogue;
using Duel.Grains.Matchmaking;
using Duel.Grains.Players;
using Duel.Silo.Storage;
using Duel.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Duel.Bench;

/// <summary>
/// <c>./duel bench grains</c>: the duel's cross-grain steps on a 3-silo Orleans test cluster (real Redis
/// membership, AdoNet state and reminders on the run's PostgreSQL), calls spread over the silos:
/// pairing (N concurrent joins over the catalogue's queues), a battle command (one submit per battle,
/// all at once), a read-only call (the battle view, 64 callers in closed loops for 5 s) and finishing (a forfeit per battle: decision, history row, both players' ratings).
/// Options: <c>--players N</c> (default 1000), <c>--silos N</c> (3).
/// </summary>
public static class GrainsBench
{
    private const int PoolSize = 10;

    public static async Task<int> RunAsync(string[] args)
    {
        var players = Option(args, "--players", 1_000);
        var silos = Option(args, "--silos", 3);
        Console.WriteLine($"grains on Orleans: {Environment.ProcessorCount} cores, load average {LoadAverage()}, {silos} silos, {players} players, {PoolSize} connections a pool");
        // Ten connections a pool, not the tests' 40: in these bursts every pool grew to its limit, and each
        // new backend paid its start, authentication and its own statement preparation on the same two cores
        // that run PostgreSQL (docs/performance.md, 2026-12-06).
        await using var cluster = await TestCluster.StartAsync(silos, maxPoolSize: PoolSize);
        var queues = cluster.Services().GetRequiredService<ChallengeCatalogue>().All.Select(c => c.Slug).ToArray();
        var ids = Enumerable.Range(0, players).Select(i => $"p-bench-{i:D5}-{Guid.NewGuid():N}"[..24]).ToArray();
        await Task.WhenAll(ids.Select((id, i) => Grains(cluster, i).GetGrain<IPlayerGrain>(id).Register($"b{i:D5}{id[^6..]}")));

        var batched = Batched(cluster);
        var joins = await MeasureAsync(ids, (id, i) => Grains(cluster, i).GetGrain<IMatchmakerGrain>(queues[i / 2 % queues.Length]).Join(id));
        Print("pairing: join", joins);
        batched = PrintBatched(cluster, batched);
        var battles = (await Task.WhenAll(ids.Select((id, i) => Grains(cluster, i).GetGrain<IPlayerGrain>(id).GetProfile())))
            .Where(p => p.Activity.BattleId is not null)
            .GroupBy(p => p.Activity.BattleId!)
            .Select(g => (Battle: g.Key, Player: g.First().Id))
            .ToArray();
        Console.WriteLine($"  {battles.Length} battles from {players} joins ({battles.Length * 2} players paired)");

        var submits = await MeasureAsync(battles, (b, i) => Grains(cluster, i).GetGrain<IBattleGrain>(b.Battle).Submit(b.Player, "def f(x):\n    return x\n"));
        Print("battle command: submit", submits);
        batched = PrintBatched(cluster, batched);
        var views = await ClosedLoopAsync(64, TimeSpan.FromSeconds(5), (caller, n) =>
            Grains(cluster, caller).GetGrain<IBattleGrain>(battles[(caller * 7919 + n) % battles.Length].Battle).GetView());
        Print("read-only: battle view", views);
        var finishes = await MeasureAsync(battles, (b, i) => Grains(cluster, i + 1).GetGrain<IBattleGrain>(b.Battle).Forfeit(b.Player));
        Print("finishing: forfeit", finishes);
        PrintBatched(cluster, batched);
        return 0;
    }

    /// <summary>The writes the silos' batchers (ordinary pool) sent, and in how many batches.</summary>
    private static (long Batches, long Writes) Batched(TestCluster cluster) =>
        Enumerable.Range(0, cluster.Silos.Count).Select(i => cluster.Services(i).GetRequiredService<WriteBatcher>().Sent)
            .Aggregate((Batches: 0L, Writes: 0L), (sum, sent) => (sum.Batches + sent.Batches, sum.Writes + sent.Writes));

    private static (long Batches, long Writes) PrintBatched(TestCluster cluster, (long Batches, long Writes) before)
    {
        var now = Batched(cluster);
        var (batches, writes) = (now.Batches - before.Batches, now.Writes - before.Writes);
        Console.WriteLine($"{"",-24} writes: {writes} in {batches} batches ({(batches == 0 ? 0 : (double)writes / batches):F1} a batch)");
        return now;
    }

    private static Orleans.IGrainFactory Grains(TestCluster cluster, int i) => cluster.Grains(i % cluster.Silos.Count);

    /// <summary>Starts every call at once and records each one's latency, plus the wall time of the whole batch.</summary>
    private static async Task<Run> MeasureAsync<T, TResult>(IReadOnlyList<T> items, Func<T, int, Task<TResult>> call)
    {
        var latencies = new double[items.Count];
        var failed = 0;
        var cpu = MachineCpu.Now();
        var gcs = Collections();
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(items.Select(async (item, i) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await call(item, i);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref failed);
            }
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }));
        return new Run(latencies, wall.Elapsed, failed, cpu, MachineCpu.Now(), Since(gcs));
    }

    /// <summary><paramref name="callers"/> loops, each making its next call when the last returns, for <paramref name="duration"/>.</summary>
    private static async Task<Run> ClosedLoopAsync<TResult>(int callers, TimeSpan duration, Func<int, int, Task<TResult>> call)
    {
        var latencies = new List<double>[callers];
        var failed = 0;
        var cpu = MachineCpu.Now();
        var gcs = Collections();
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async caller =>
        {
            var mine = latencies[caller] = [];
            for (var n = 0; wall.Elapsed < duration; n++)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await call(caller, n);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref failed);
                }
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        return new Run([.. latencies.SelectMany(l => l)], wall.Elapsed, failed, cpu, MachineCpu.Now(), Since(gcs));
    }

    /// <summary>One measured step: each call's latency, the wall time of the lot, failures, the CPU at its start and end, and this process's collections (gen0 and gen1, each counting the older ones too).</summary>
    private sealed record Run(double[] Ms, TimeSpan Wall, int Failed, MachineCpu Start, MachineCpu End, (int Gen0, int Gen1) Gcs);

    private static (int Gen0, int Gen1) Collections() => (GC.CollectionCount(0), GC.CollectionCount(1));

    private static (int Gen0, int Gen1) Since((int Gen0, int Gen1) start) =>
        (GC.CollectionCount(0) - start.Gen0, GC.CollectionCount(1) - start.Gen1);

    private static void Print(string name, Run run)
    {
        var sorted = run.Ms.Order().ToArray();
        double At(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        Console.WriteLine($"{name,-24} n={sorted.Length,5}  p50 {At(0.50),7:N1} ms  p99 {At(0.99),7:N1} ms  max {At(1),7:N1} ms  " +
            $"{sorted.Length / run.Wall.TotalSeconds,7:N0} calls/s  failed {run.Failed}");
        // Near every core busy means the step is bound by CPU; the silos and the callers are this process.
        var cores = Environment.ProcessorCount;
        Console.WriteLine($"{"",-24} cpu: machine {run.End.BusySince(run.Start) * cores:F2} of {cores} cores busy, " +
            $"this process (silos + callers) {run.End.ProcessSince(run.Start).TotalSeconds / run.Wall.TotalSeconds:F2}, " +
            $"{run.Gcs.Gen0} collections ({run.Gcs.Gen1} of gen1 or older)");
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
    }
}
