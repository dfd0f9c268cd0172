using System.Text.Json;

namespace Duel.Cluster.Tests;

/// <summary>
/// The cost model of ./duel bench load (tools/loadgen/lib/procstat.mjs, costreport.mjs), run in
/// real Node against real processes: a tree's CPU includes live descendants and the children it
/// has reaped, and the cost table ends with the line tools read.
/// </summary>
public sealed class CostModelTests
{
    private static string Lib(string file) => new Uri(Path.Combine(Shell.RepoRoot, "tools/loadgen/lib", file)).AbsoluteUri;

    [Fact]
    public async Task A_process_tree_counts_its_live_and_its_reaped_children()
    {
        // Each child burns 0.5 s of CPU (its own clock, not the wall's); the live one then renames
        // itself to a name /proc/<pid>/stat must survive ("x) (y") and waits.
        var script = $$"""
            import { readProcesses, treeTicks, CLK_TCK } from "{{Lib("procstat.mjs")}}";
            import { execFileSync, spawn } from "node:child_process";
            const burn = "import time\nwhile time.process_time() < 0.5: pass\n";
            const t0 = treeTicks(readProcesses(), process.pid);
            execFileSync("python3", ["-c", burn]);
            const t1 = treeTicks(readProcesses(), process.pid);
            const live = spawn("python3", ["-u", "-c", burn + "open('/proc/self/comm', 'w').write('x) (y')\nprint('ready')\ntime.sleep(60)\n"]);
            await new Promise((r) => live.stdout.once("data", r));
            const procs = readProcesses();
            const t2 = treeTicks(procs, process.pid);
            const child = procs.get(live.pid);
            live.kill("SIGKILL");
            console.log(JSON.stringify({ reaped: (t1.ticks - t0.ticks) / CLK_TCK, live: (t2.ticks - t1.ticks) / CLK_TCK,
              comm: child.comm, ppid: child.ppid, me: process.pid, same: t0.start === t2.start }));
            """;
        var result = await Shell.RunAsync("node", ["--input-type=module", "-e", script]);
        Assert.True(result.ExitCode == 0, result.Output);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.True(root.GetProperty("reaped").GetDouble() >= 0.49, result.Stdout);
        Assert.True(root.GetProperty("live").GetDouble() >= 0.49, result.Stdout);
        Assert.Equal("x) (y", root.GetProperty("comm").GetString());
        Assert.Equal(root.GetProperty("me").GetInt32(), root.GetProperty("ppid").GetInt32());
        Assert.True(root.GetProperty("same").GetBoolean());
    }

    [Fact]
    public async Task The_cost_table_ends_with_the_line_tools_read()
    {
        // Two readings 100 s apart, 200 battles: web 2 × 10 s, worker 2 × 20 s, PostgreSQL 16 s,
        // Redis 1 s; 2,400 commits. The worker tier (40 s over 2 nodes) saturates first.
        var script = $$"""
            import { costReport } from "{{Lib("costreport.mjs")}}";
            import { CLK_TCK } from "{{Lib("procstat.mjs")}}";
            const at = (s) => ({ ticks: s * CLK_TCK, start: 1 });
            const reading = (t, k) => ({
              at: t * 1000, loadgen: { user: k * 5e6, system: 0 }, redisCalls: k * 8000, counts: { snapshotsSent: k * 3600, snapshotsReceived: k * 3500 },
              db: { commits: k * 2400, statements: k * 6000, now: new Date(t * 1000), queries: new Map() },
              cpu: { web1: at(k * 10), web2: at(k * 10), worker1: at(k * 20), worker2: at(k * 20), nginx: at(k), postgres: at(k * 16), redis: at(k) },
            });
            const r = costReport(reading(0, 0), reading(100, 1), { battles: 200, jobs: 1200 }, { cores: 2 });
            console.log(r.lines.join("\n"));
            """;
        var result = await Shell.RunAsync("node", ["--input-type=module", "-e", script]);
        Assert.True(result.ExitCode == 0, result.Output);
        var lines = result.Stdout.TrimEnd().Split('\n');
        Assert.Equal("cost: total 390 cpu-ms per battle, postgres 80, redis 5, commits 12 per battle", lines[^1]);
        Assert.Contains(lines, l => l.TrimStart().StartsWith("saturates first: workers (with their sandboxes) at 10.0 battles/s", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.TrimStart().StartsWith("per battle: 18.0 snapshots relayed (17.5 delivered), 6.0 judge jobs", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.TrimStart().StartsWith("ceiling on this machine: 2 cores ÷ 390 cpu-ms per battle = 5.1 battles/s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_soak_flags_a_node_whose_memory_grows_after_the_reference()
    {
        // Two real processes: one holds 40 MB throughout, the other allocates 80 MB more once the
        // reference (here 0 ms: the first reading) has been taken. Only the second is over 10 %.
        var script = $$"""
            import { RssWatch, rssMb } from "{{Lib("rss.mjs")}}";
            import { spawn } from "node:child_process";
            const hold = (extra) => spawn("python3", ["-u", "-c",
              "import sys, time\nb = b'x' * (40 << 20)\nprint('ready')\nsys.stdin.readline()\n" +
              `c = b'y' * (${extra} << 20)\nprint('grown')\ntime.sleep(60)\n`]);
            const steady = hold(0), growing = hold(80);
            // Unbuffered print writes the text and the newline separately: wait for the word itself.
            const said = (p, word) => new Promise((r) => {
              let out = "";
              const on = (d) => { out += d; if (out.includes(word)) { p.stdout.off("data", on); r(); } };
              p.stdout.on("data", on);
            });
            await Promise.all([said(steady, "ready"), said(growing, "ready")]);
            const watch = new RssWatch(() => [["steady", steady.pid], ["growing", growing.pid]], { referenceMs: 0 });
            watch.read();
            steady.stdin.write("\n"); growing.stdin.write("\n");
            await Promise.all([said(steady, "grown"), said(growing, "grown")]);
            const result = watch.stop();
            const gone = rssMb(2 ** 22 + 1);
            steady.kill("SIGKILL"); growing.kill("SIGKILL");
            console.log(JSON.stringify({ ok: result.ok, lines: result.lines, gone }));
            """;
        var result = await Shell.RunAsync("node", ["--input-type=module", "-e", script]);
        Assert.True(result.ExitCode == 0, result.Output);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.False(root.GetProperty("ok").GetBoolean(), result.Stdout);
        var lines = root.GetProperty("lines").EnumerateArray().Select(l => l.GetString()!).ToList();
        var growth = (string name) => double.Parse(lines.Single(l => l.TrimStart().StartsWith(name, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[^2],
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(growth("steady"), -10, 10);
        Assert.True(growth("growing") > 100, result.Stdout);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("gone").ValueKind);
    }
}
