using System.Text.Json;
using System.Text.Json.Nodes;
using Duel.Sandbox.Worker.Contracts;

namespace Duel.Sandbox.Tests;

/// <summary>
/// Hostile jobs that try to tamper with the zygote or leave something for the next job, each
/// followed in the same slot by the probe (which must see exactly what it saw before) and by
/// the honest reference (whose verdict must be exactly the honest one).
/// </summary>
public sealed class ZygoteIsolationTests(ZygoteFixture zygote) : IClassFixture<ZygoteFixture>
{
    private const string Def = "def is_palindrome(s):\n";

    private static readonly Dictionary<string, string> Hostile = new()
    {
        ["a file in /tmp and /dev/shm"] = "PRELUDE\n" + Def +
            "    _open('/tmp/left', 'w').write('x')\n    _open('/dev/shm/left', 'w').write('x')\n    return True\n",
        ["a daemon (fork, setsid, fork) that keeps writing /tmp"] = "PRELUDE\nimport time\n" + Def +
            "    if os.fork() == 0:\n        os.setsid()\n        if os.fork() == 0:\n            while True:\n" +
            "                try: _open('/tmp/ghost', 'w').write('x')\n                except BaseException: pass\n                time.sleep(0.001)\n" +
            "        os._exit(0)\n    time.sleep(0.05)\n    return True\n",
        ["kill(-1) and signals to pid 1 and the zygote"] = "PRELUDE\n" + Def +
            "    for pid, sig in ((-1, 9), (1, 15), (1, 9), (ZYGOTE_PID, 9), (0, 9)):\n        try: os.kill(pid, sig)\n        except BaseException: pass\n    return True\n",
        ["patched builtins, json and sys.modules"] = "PRELUDE\nimport json\nbuiltins = _imp('built' + 'ins')\n" +
            "builtins.len = lambda x: 0\nbuiltins.sorted = lambda x: []\nbuiltins.isinstance = lambda a, b: False\n" +
            "json.dumps = lambda *a, **k: 'pwned'\nsys.modules['json'] = None\nsys.modules.pop('posix', None)\n" + Def + "    return True\n",
        ["signal handlers and a blocked mask"] = "PRELUDE\nsignal = _imp('sig' + 'nal')\n" +
            "signal.signal(signal.SIGTERM, lambda *a: None)\nsignal.signal(signal.SIGUSR1, signal.SIG_IGN)\n" +
            "signal.signal(signal.SIGHUP, signal.SIG_IGN)\nsignal.signal(signal.SIGCHLD, lambda *a: None)\n" +
            "signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR2, signal.SIGTERM})\n" + Def + "    return True\n",
        ["POSIX shm and the IPC namespace"] = "PRELUDE\nshm = _imp('_posix' + 'shmem')\nmmap = _imp('mm' + 'ap')\n" + Def +
            "    fd = shm.shm_open('/duel-left', os.O_CREAT | os.O_RDWR, 0o666)\n    os.ftruncate(fd, 4096)\n" +
            "    m = mmap.mmap(fd, 4096)\n    m[:5] = b'pwned'\n    return True\n",
        ["the zygote's /proc/<pid>/mem, environ and fds"] = "PRELUDE\n" + Def +
            "    seen = []\n    for path in ('/proc/ZYGOTE_PID/mem', '/proc/ZYGOTE_PID/environ', '/proc/1/mem', '/proc/ZYGOTE_PID/fd/3'):\n" +
            "        try:\n            f = _open(path, 'r+b')\n            f.seek(4096)\n            f.write(b'pwned')\n            seen.append(path)\n" +
            "        except BaseException as e:\n            seen.append(type(e).__name__)\n    return seen\n",
        ["the harness's exit replaced (the job would linger)"] = "PRELUDE\nimport time\nposix = _imp('pos' + 'ix')\n" +
            "posix._exit = lambda code: time.sleep(30)\nsys.modules['posix']._exit = posix._exit\n" + Def + "    return True\n",
        ["a timeout that ignores the alarm"] = "PRELUDE\nsignal = _imp('sig' + 'nal')\n" + Def +
            "    signal.signal(signal.SIGALRM, signal.SIG_IGN)\n    while True:\n        pass\n",
        ["a crash in the middle of a test"] = "PRELUDE\n" + Def + "    os._exit(3)\n",
    };

    public static TheoryData<string> Names => [.. Hostile.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Nothing_a_job_leaves_reaches_the_next(string name)
    {
        var honest = ZygoteFixture.Comparable(await zygote.JudgeAsync(zygote.Palindrome.Reference));
        var before = await ProbeAsync();

        var attack = await zygote.JudgeAsync(Hostile[name].Replace("ZYGOTE_PID", zygote.ZygotePid().ToString()), visibleOnly: true);

        Assert.NotEqual(Verdict.StatusInternalError, attack.Status);
        await zygote.Pool.QuiesceAsync();
        Assert.Empty(Checks.ProcessesOf(zygote.Pool.Uids, except: zygote.Pool.SparePids));
        var after = await ProbeAsync();
        Assert.Equal(Comparable(before), Comparable(after));
        Assert.Equal(honest, ZygoteFixture.Comparable(await zygote.JudgeAsync(zygote.Palindrome.Reference)));
    }

    [Fact]
    public async Task A_job_sees_only_itself_an_empty_tmp_no_network_and_a_cleared_environment()
    {
        var probe = await ProbeAsync();

        Assert.Equal("""["1"]""", probe["procs"]!.ToJsonString());
        Assert.Equal(1, (int)probe["pid"]!);
        Assert.Equal("[]", probe["tmp"]!.ToJsonString());
        Assert.Equal("""["lo"]""", probe["net"]!.ToJsonString());
        Assert.Equal("""["HOME","LANG","PATH","PWD"]""", probe["env"]!.ToJsonString());
        Assert.Equal("[]", probe["groups"]!.ToJsonString());
        Assert.Equal("[1,1,1]", probe["sysv"]!.ToJsonString());
        Assert.Equal("sandbox", (string)probe["host"]!);
        var modules = probe["modules"]!.AsArray();
        Assert.Equal("{\"a\": [1, 2]}", (string)modules[0]!);
        Assert.Equal(3, (int)modules[1]!);
        Assert.Equal("[1,2,3]", modules[3]!.ToJsonString());
        Assert.True((bool)modules[4]!);
        var status = probe["status"]!.AsArray().Select(s => (string)s!).ToList();
        Assert.Contains("Seccomp:\t2", status);
        Assert.Contains("NoNewPrivs:\t1", status);
        Assert.All(status.Where(s => s.StartsWith("Cap")), s => Assert.EndsWith("0000000000000000", s));
    }

    [Fact]
    public async Task Consecutive_jobs_have_different_uids_and_neither_the_zygote_s_uid_nor_namespaces()
    {
        var first = await ProbeAsync();
        var second = await ProbeAsync();
        var zygotePid = zygote.ZygotePid();
        var zygoteUid = File.ReadAllLines($"/proc/{zygotePid}/status").First(l => l.StartsWith("Uid:")).Split('\t')[1];

        long Uid(JsonNode probe) => (long)probe["uid"]![0]!;
        Assert.NotEqual(Uid(first), Uid(second));
        Assert.All(new[] { first, second }, p =>
        {
            Assert.Equal($"[{Uid(p)},{Uid(p)},{Uid(p)},{Uid(p)}]", p["uid"]!.ToJsonString());
            Assert.Contains(Uid(p), zygote.Pool.Uids);
            Assert.NotEqual(zygoteUid, Uid(p).ToString());
        });
        // The kernel reuses a destroyed namespace's number, so consecutive jobs may show the same
        // one; the zygote's namespaces are alive while a job runs, so theirs must differ.
        foreach (var ns in new[] { "pid", "mnt", "net", "ipc", "uts" })
        {
            var zygoteNs = new FileInfo($"/proc/{zygotePid}/ns/{ns}").LinkTarget;
            Assert.NotEqual(zygoteNs, (string)first["ns"]![ns]!);
            Assert.NotEqual(zygoteNs, (string)second["ns"]![ns]!);
        }
    }

    private async Task<JsonObject> ProbeAsync()
    {
        var verdict = await zygote.JudgeAsync(ZygoteProbe.Code, visibleOnly: true);
        var actual = verdict.Tests.Single(t => t.Index == 0).Actual;
        Assert.True(actual.HasValue, Checks.Json(verdict));
        return JsonNode.Parse(actual.Value.GetRawText())!.AsObject();
    }

    // What must be equal between two jobs: everything but the per-job uid and namespace ids.
    private static string Comparable(JsonObject probe)
    {
        var copy = JsonNode.Parse(probe.ToJsonString())!.AsObject();
        copy.Remove("uid");
        copy.Remove("ns");
        return copy.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }
}
