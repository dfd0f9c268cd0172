using System.Collections;
using System.Text.Json;
using Duel.Sandbox.Worker.Contracts;

namespace Duel.Sandbox.Tests;

/// <summary>Assertions on verdicts and on the host after an attack.</summary>
internal static class Checks
{
    public static string Json(Verdict v) => JsonSerializer.Serialize(v, JudgeJson.Options);

    public static void Status(Verdict v, params string[] allowed) =>
        Assert.True(allowed.Contains(v.Status), $"status {v.Status} not in [{string.Join(", ", allowed)}]: {v.Message}");

    public static void Rejected(Verdict v, string message)
    {
        Status(v, Verdict.StatusRejected);
        Assert.Contains(message, v.Message);
        Assert.Equal(0, v.Passed);
    }

    public static void NothingPassed(Verdict v, params string[] allowed)
    {
        Status(v, allowed);
        Assert.Equal(0, v.Passed);
        Assert.DoesNotContain(v.Tests, t => t.Status == TestVerdict.PassedStatus);
    }

    public static void TimedOutAt(Verdict v, int index)
    {
        Status(v, Verdict.StatusTimeout);
        Assert.Equal(TestVerdict.TimeoutStatus, v.Tests.Single(t => t.Index == index).Status);
    }

    public static void TestError(Verdict v, int index, string error)
    {
        var test = v.Tests.Single(t => t.Index == index);
        Assert.Equal(TestVerdict.ErrorStatus, test.Status);
        Assert.Contains(error, test.Error);
    }

    public static void Actual(Verdict v, int index, string json)
    {
        var test = v.Tests.Single(t => t.Index == index);
        Assert.True(test.Actual.HasValue, $"test {index}: {test.Status} {test.Error}");
        Assert.Equal(json, test.Actual.Value.GetRawText());
    }

    public static void Lacks(Verdict v, string text) => Assert.DoesNotContain(text, Json(v));

    public static void NoHostFiles(Verdict v, AttackContext c)
    {
        Assert.NotEqual(Verdict.StatusPassed, v.Status);
        foreach (var path in c.HostPaths)
        {
            Assert.False(File.Exists(path), $"{path} was written on the host");
        }
    }

    public static void OnlyMinimalEnvironment(Verdict v)
    {
        var actual = v.Tests.Single(t => t.Index == 0).Actual;
        Assert.True(actual.HasValue);
        var names = actual.Value.EnumerateObject().Select(p => p.Name).Where(n => !n.All(char.IsDigit) && n is not ("self" or "thread-self")).Order();
        Assert.Equal(["HOME", "LANG", "PATH", "PWD"], names);
        var json = Json(v);
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            var value = (string)e.Value!;
            if (value.Length >= 8 && value is not ("C.UTF-8" or "/usr/bin"))
            {
                Assert.False(json.Contains(value, StringComparison.Ordinal), $"the host's {e.Key} leaked");
            }
        }
    }

    public static void NothingReceived(AttackContext c)
    {
        Thread.Sleep(100);
        Assert.False(c.Tcp.Pending(), "the TCP listener got a connection");
        Assert.Equal(0, c.Udp.Available);
    }

    public static void SentinelAlive(AttackContext c) => Assert.False(c.Sentinel.HasExited, "a host process was killed");

    /// <summary>
    /// Live (not zombie) processes owned by one of <paramref name="uids"/>, except the pre-warmed spares
    /// (<paramref name="except"/>: fresh bwraps and zygotes) and the one process below each that is pid 1
    /// of its own namespace and waits for a job that has not come yet.
    /// </summary>
    public static List<string> ProcessesOf(IEnumerable<long> uids, IEnumerable<int>? except = null)
    {
        var set = uids.ToHashSet();
        var spares = (except ?? []).Select(p => p.ToString()).ToHashSet();
        var found = new List<string>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            try
            {
                var status = File.ReadAllLines(Path.Combine(dir, "status"));
                var uid = status.First(l => l.StartsWith("Uid:")).Split('\t')[1];
                string Parent() => status.First(l => l.StartsWith("PPid:")).Split('\t', 2)[1];
                // A zombie has already exited and holds nothing but its pid; orphans wait as
                // zombies until the host's init reaps them, which on some hosts takes a while.
                var zombie = status.First(l => l.StartsWith("State:")).Contains("Z (zombie)");
                string Field(string name) => status.First(l => l.StartsWith(name)).Split('\t', 2)[1];
                var waiting = Field("NSpid:").Split('\t')[^1] == "1" && Ancestors(Parent()).Any(spares.Contains);
                if (!zombie && set.Contains(long.Parse(uid)) && !spares.Contains(pid.ToString()) && !waiting)
                {
                    found.Add($"{pid} ppid {Field("PPid:")} nspid {Field("NSpid:")} {Field("State:")} {Field("Name:")}");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // The process ended while we looked.
            }
        }
        return found;
    }

    private static IEnumerable<string> Ancestors(string pid)
    {
        for (var i = 0; i < 4 && pid != "0"; i++)
        {
            yield return pid;
            pid = File.ReadAllLines($"/proc/{pid}/status").First(l => l.StartsWith("PPid:")).Split('\t', 2)[1];
        }
    }
}
