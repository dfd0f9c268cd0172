using System.Text.Json;

namespace Duel.Cluster.Tests;

/// <summary>
/// docker-compose.yml validated by Debian's docker-compose (no container engine runs here,
/// so the stack itself is not started; see docs/operations.md).
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly Dictionary<string, string> NoEnv = new() { ["POSTGRES_PASSWORD"] = "test-only" };

    [Fact]
    public async Task Compose_file_is_valid()
    {
        var result = await Shell.RunAsync("docker-compose", ["-f", "docker-compose.yml", "config", "-q"], env: NoEnv);
        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public async Task An_invalid_compose_file_is_rejected_by_the_same_check()
    {
        var dir = Directory.CreateTempSubdirectory("duel-compose-");
        var broken = (await File.ReadAllTextAsync(Path.Combine(Shell.RepoRoot, "docker-compose.yml")))
            .Replace("  worker1:\n", "  worker1:\n    privileged_mode: true\n", StringComparison.Ordinal);
        var path = Path.Combine(dir.FullName, "docker-compose.yml");
        await File.WriteAllTextAsync(path, broken);

        var result = await Shell.RunAsync("docker-compose", ["-f", path, "config", "-q"], dir.FullName, NoEnv);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("privileged_mode", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stack_has_postgres_two_web_nodes_two_workers_and_a_balancer()
    {
        var services = (await ResolvedAsync()).GetProperty("services");
        var names = services.EnumerateObject().Select(p => p.Name).ToHashSet();

        Assert.Superset(new HashSet<string> { "postgres", "web1", "web2", "worker1", "worker2", "nginx" }, names);
        Assert.Equal("docker/web/Dockerfile", services.GetProperty("web1").GetProperty("build").GetProperty("dockerfile").GetString());
        Assert.Contains(services.GetProperty("postgres").GetProperty("volumes").EnumerateArray(),
            v => v.GetString()!.StartsWith("pgdata:/var/lib/postgresql/data", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("worker1")]
    [InlineData("worker2")]
    public async Task Workers_get_only_what_bubblewrap_needs(string worker)
    {
        var service = (await ResolvedAsync()).GetProperty("services").GetProperty(worker);
        var opts = service.GetProperty("security_opt").EnumerateArray().Select(o => o.GetString()).ToList();

        Assert.False(service.TryGetProperty("privileged", out var privileged) && privileged.GetBoolean());
        Assert.False(service.TryGetProperty("cap_add", out _), "the worker must not add capabilities");
        Assert.Equal(["ALL"], service.GetProperty("cap_drop").EnumerateArray().Select(c => c.GetString()));
        // docker-compose reads the profile file itself (and fails on bad JSON); it prints it as seccomp:path.
        Assert.Contains(opts, o => o!.StartsWith("seccomp", StringComparison.Ordinal) && o.EndsWith("docker/worker/seccomp.json", StringComparison.Ordinal));
        Assert.Contains("no-new-privileges:true", opts);
        Assert.DoesNotContain("seccomp=unconfined", opts);
        Assert.Contains("duel_worker", service.GetProperty("environment").GetProperty("Duel__Postgres").GetString());
        Assert.False(service.GetProperty("environment").TryGetProperty("Duel__Redis", out _), "the worker must not get Redis");
    }

    [Theory]
    [InlineData("web1")]
    [InlineData("web2")]
    [InlineData("silo")]
    public async Task Web_nodes_and_the_silo_get_redis_and_wait_for_it(string node)
    {
        var services = (await ResolvedAsync()).GetProperty("services");
        var service = services.GetProperty(node);

        Assert.Equal("redis:7", services.GetProperty("redis").GetProperty("image").GetString());
        Assert.StartsWith("redis:6379,", service.GetProperty("environment").GetProperty("Duel__Redis").GetString(), StringComparison.Ordinal);
        Assert.Equal("service_healthy", service.GetProperty("depends_on").GetProperty("redis").GetProperty("condition").GetString());
    }

    private static async Task<JsonElement> ResolvedAsync()
    {
        var config = await Shell.RunAsync("docker-compose", ["-f", "docker-compose.yml", "config"], env: NoEnv);
        Assert.True(config.ExitCode == 0, config.Output);
        // docker-compose 1.x prints YAML only; its own dependency python3-yaml converts it.
        var json = await Shell.RunAsync("python3",
            ["-c", "import sys, json, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)"], stdin: config.Stdout);
        Assert.True(json.ExitCode == 0, json.Output);
        return JsonDocument.Parse(json.Stdout).RootElement.Clone();
    }
}
