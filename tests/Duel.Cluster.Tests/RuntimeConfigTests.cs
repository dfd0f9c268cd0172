using System.Text.Json;

namespace Duel.Cluster.Tests;

/// <summary>
/// The runtime settings every host is built with, read from the runtimeconfig.json the runtime itself
/// reads at start (the hosts' build output of this test run's configuration). In-process test hosts
/// run under the test project's own runtimeconfig, so only the built files can show them.
/// </summary>
public sealed class RuntimeConfigTests
{
    // The grains bench hosts its silos in-process, so it runs what the hosts run.
    public static TheoryData<string> Hosts => ["src/Duel.Web", "src/Duel.Silo", "src/Duel.Sandbox.Worker", "bench/Duel.Bench"];

    [Theory]
    [MemberData(nameof(Hosts))]
    public void Every_host_runs_without_tiered_pgo(string project)
    {
        // Instrumented code stayed hot for minutes under load (docs/performance.md, "Tiered PGO").
        Assert.False(ConfigProperty(project, "System.Runtime.TieredPGO").GetBoolean());
    }

    [Theory]
    [InlineData("src/Duel.Web")]
    [InlineData("src/Duel.Silo")]
    [InlineData("src/Duel.Sandbox.Worker")]
    public void Hosts_keep_idle_pool_threads_from_spinning(string project)
    {
        Assert.Equal(0, ConfigProperty(project, "System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }

    private static JsonElement ConfigProperty(string project, string name)
    {
        var host = Path.GetFileName(project);
        // This test's own output is tests/<project>/bin/<configuration>/<tfm>/; the hosts' is alike.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(Shell.RepoRoot, project, "bin", output.Parent!.Name, output.Name, $"{host}.runtimeconfig.json");
        Assert.True(File.Exists(path), $"{path} is missing: build the solution first");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        Assert.True(config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").TryGetProperty(name, out var value),
            $"{host}.runtimeconfig.json does not set {name}");
        return value.Clone();
    }
}
