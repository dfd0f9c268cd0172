namespace Duel.Cluster.Tests;

/// <summary>Both balancer configs (compose's and the one ./duel cluster writes) pass `nginx -t`.</summary>
public sealed class BalancerConfigTests
{
    [Fact]
    public async Task Cluster_balancer_config_passes_nginx_check()
    {
        var dir = Directory.CreateTempSubdirectory("duel-nginx-");
        var result = await Shell.RunAsync(Path.Combine(Shell.RepoRoot, "duel"),
            ["cluster", "nginx-conf", "--ports", "5101,5102,5103", "--port", "5100", "--dir", dir.FullName]);

        Assert.True(result.ExitCode == 0, result.Output);
        var conf = await File.ReadAllTextAsync(Path.Combine(dir.FullName, "nginx.conf"));
        Assert.Contains("server 127.0.0.1:5103", conf, StringComparison.Ordinal);
        Assert.Contains("listen 127.0.0.1:5100;", conf, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compose_balancer_config_passes_nginx_check()
    {
        // Inside compose the upstreams are service names and the shared files are mounted
        // under /etc/nginx/duel; here they become loopback addresses and repository paths.
        var dir = Directory.CreateTempSubdirectory("duel-nginx-");
        var conf = (await File.ReadAllTextAsync(Path.Combine(Shell.RepoRoot, "docker/nginx/nginx.conf")))
            .Replace("/etc/nginx/duel/", Path.Combine(Shell.RepoRoot, "docker/nginx") + "/", StringComparison.Ordinal)
            .Replace("web1:8080", "127.0.0.1:18081", StringComparison.Ordinal)
            .Replace("web2:8080", "127.0.0.1:18082", StringComparison.Ordinal)
            .Replace("pid /tmp/nginx.pid", $"pid {dir.FullName}/nginx.pid", StringComparison.Ordinal);
        var path = Path.Combine(dir.FullName, "nginx.conf");
        await File.WriteAllTextAsync(path, conf);

        var result = await Shell.RunAsync("nginx", ["-t", "-e", $"{dir.FullName}/error.log", "-p", dir.FullName, "-c", path]);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("syntax is ok", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_balancer_config_fails_the_same_check()
    {
        var dir = Directory.CreateTempSubdirectory("duel-nginx-");
        var path = Path.Combine(dir.FullName, "nginx.conf");
        await File.WriteAllTextAsync(path, "events {}\nhttp { upstream u { hash; } }\n");

        var result = await Shell.RunAsync("nginx", ["-t", "-e", $"{dir.FullName}/error.log", "-p", dir.FullName, "-c", path]);

        Assert.NotEqual(0, result.ExitCode);
    }
}
