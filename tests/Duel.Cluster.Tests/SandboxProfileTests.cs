using System.Text.Json;

namespace Duel.Cluster.Tests;

/// <summary>The worker's seccomp profile keeps what bwrap needs and refuses what a judge never needs.</summary>
public sealed class SandboxProfileTests
{
    private static readonly JsonElement Profile = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(Shell.RepoRoot, "docker/worker/seccomp.json"))).RootElement.Clone();

    private static HashSet<string> Denied() => Profile.GetProperty("syscalls").EnumerateArray()
        .Where(r => r.GetProperty("action").GetString() != "SCMP_ACT_ALLOW")
        .SelectMany(r => r.GetProperty("names").EnumerateArray().Select(n => n.GetString()!))
        .ToHashSet();

    [Theory]
    [InlineData("clone")]
    [InlineData("unshare")]
    [InlineData("mount")]
    [InlineData("umount2")]
    [InlineData("pivot_root")]
    [InlineData("setns")]
    public void Namespace_and_mount_syscalls_stay_allowed(string syscall)
    {
        Assert.Equal("SCMP_ACT_ALLOW", Profile.GetProperty("defaultAction").GetString());
        Assert.DoesNotContain(syscall, Denied());
    }

    [Theory]
    [InlineData("keyctl")]
    [InlineData("bpf")]
    [InlineData("ptrace")]
    [InlineData("perf_event_open")]
    [InlineData("kexec_load")]
    [InlineData("init_module")]
    [InlineData("userfaultfd")]
    public void Kernel_attack_surface_is_refused(string syscall) => Assert.Contains(syscall, Denied());
}
