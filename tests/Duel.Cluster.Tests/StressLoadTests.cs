using System.Net.Sockets;

namespace Duel.Cluster.Tests;

/// <summary>
/// A small load on a real two-node cluster (nginx, two web nodes, two workers, bwrap, python):
/// every battle finishes exactly once and no verdict is lost. No latency is asserted here;
/// `./duel bench load` measures that.
/// </summary>
public sealed class StressLoadTests
{
    [Fact]
    public async Task Fifty_battles_in_thirty_seconds_keep_every_invariant()
    {
        await using var db = await TestDatabase.CreateAsync("duel_stress");
        var clusterDir = Directory.CreateTempSubdirectory("duel-stress-").FullName;
        var built = File.Exists(Path.Combine(Shell.RepoRoot, "src/Duel.Web/bin/Release/net10.0/Duel.Web.dll"))
            && File.Exists(Path.Combine(Shell.RepoRoot, "src/Duel.Sandbox.Worker/bin/Release/net10.0/Duel.Sandbox.Worker.dll"));
        var port = FreePortRange(3);

        var result = await Shell.RunAsync(Path.Combine(Shell.RepoRoot, "duel"),
            ["bench", "load", "--battles", "50", "--duration", "30", "--mode", "stress"],
            env: new Dictionary<string, string>
            {
                ["Duel__Postgres"] = db.ConnectionString,
                ["DUEL_CLUSTER_DIR"] = Path.Combine(clusterDir, "cluster"),
                // Its own Redis: silos of another cluster on the shared one (a developer's ./duel cluster)
                // would join this one's Orleans membership.
                ["DUEL_REDIS_DIR"] = Path.Combine(clusterDir, "redis"),
                ["BENCH_CLUSTER_ARGS"] = $"--port {port}" + (built ? " --no-build" : ""),
            },
            timeout: TimeSpan.FromMinutes(8));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("RESULT: ok", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("battles finished (one history row each): 50/50", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("battles announced as finished twice (want 0): 0", result.Stdout, StringComparison.Ordinal);

        // Two web nodes and no silo: each is told half the cores the cluster counts; the workers keep the machine's count.
        var counted = await Shell.RunAsync("bash", ["-c", "source tools/duel/cluster.sh && cluster_cores"]);
        var share = Math.Max(1, int.Parse(counted.Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture) / 2);
        var node = (string name) => File.ReadAllText(Path.Combine(clusterDir, "cluster", name, "cmd"));
        Assert.Contains($"DOTNET_PROCESSOR_COUNT={share} ", node("web1"), StringComparison.Ordinal);
        Assert.Contains($"DOTNET_PROCESSOR_COUNT={share} ", node("web2"), StringComparison.Ordinal);
        Assert.DoesNotContain("DOTNET_PROCESSOR_COUNT", node("worker1"), StringComparison.Ordinal);
    }

    // Balancer on the first port, web nodes on the next ones (see tools/duel/cluster.sh).
    private static int FreePortRange(int count)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var start = Random.Shared.Next(20000, 40000);
            if (Enumerable.Range(start, count).All(IsFree))
            {
                return start;
            }
        }
        throw new InvalidOperationException("no free port range");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(System.Net.IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
