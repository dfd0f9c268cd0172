using Duel.Sandbox.Worker.Contracts;

namespace Duel.Sandbox.Tests;

/// <summary>
/// The escape-and-cheat suite. The first group checks the friendly ast rejection; every
/// later program first slips past that check (PRELUDE reaches builtins and os through
/// string-built names) so that the sandbox itself is what stops it.
/// </summary>
public static class HostilePrograms
{
    /// <summary>Gets __import__ and open without any name the ast check looks for.</summary>
    public const string Prelude = """
        _b = getattr(print, "__se" + "lf__")
        _imp = getattr(_b, "__imp" + "ort__")
        _open = getattr(_b, "op" + "en")
        os = _imp("o" + "s")
        sys = _imp("s" + "ys")
        """;

    private const string Def = "def is_palindrome(s):\n";

    public static readonly IReadOnlyList<HostileProgram> All =
    [
        .. Rejections(),
        .. HostAccess(),
        .. Resources(),
        .. Cheats(),
        .. Malformed(),
    ];

    private static IEnumerable<HostileProgram> Rejections()
    {
        HostileProgram Rejected(string name, string code, string message) =>
            new(name, code, (v, _) => Checks.Rejected(v, message));
        yield return Rejected("import os", "import os\n" + Def + "    return os.system('id') == 0\n", "Forbidden imports detected: os");
        yield return Rejected("from subprocess import", "from subprocess import run\n" + Def + "    return run(['id']) is None\n", "Forbidden imports detected: subprocess");
        yield return Rejected("import ctypes", "import ctypes\n" + Def + "    return True\n", "Forbidden imports detected: ctypes");
        yield return Rejected("import os.path and socket", "import os.path, socket\n" + Def + "    return True\n", "Forbidden imports detected: os, socket");
        yield return Rejected("__import__ call", Def + "    return __import__('os').system('id') == 0\n", "__import__");
        yield return Rejected("getattr on __builtins__", Def + "    return getattr(__builtins__, '__import__')('os') is None\n", "__builtins__");
        yield return Rejected("__subclasses__ walk", Def + "    return len(().__class__.__bases__[0].__subclasses__()) > 0\n", "__subclasses__");
        yield return Rejected("gi_frame and f_globals", "def g():\n    yield 1\n" + Def + "    return 'expected' in g().gi_frame.f_globals\n", "Forbidden attributes detected");
        yield return Rejected("print.__globals__", Def + "    return print.__globals__ is None\n", "__globals__");
        yield return Rejected("eval and exec", Def + "    exec('x = 1')\n    return eval('True')\n", "Forbidden calls detected: eval, exec");
        yield return Rejected("importlib", "import importlib\n" + Def + "    return importlib.import_module('os') is None\n", "importlib");
        yield return Rejected("open call", Def + "    return open('/etc/passwd').read() == ''\n", "Forbidden calls detected: open");
        // Words only the compiled code shows as such (an escaped constant; a call two code objects deep).
        yield return Rejected("__class__ spelled with escapes", Def + "    return getattr((), '\\x5f\\x5fclass\\x5f\\x5f') is None\n",
            "Forbidden attributes detected: __class__");
        yield return Rejected("eval in a lambda's comprehension", Def + "    f = lambda: [eval(x) for x in ['1']]\n    return f() == [1]\n",
            "Forbidden calls detected: eval");
    }

    private static IEnumerable<HostileProgram> HostAccess()
    {
        yield return new("os.system touches a host file", "PRELUDE\n" + Def + "    return os.system('touch /tmp/MARKER') == 0\n",
            (v, c) => Checks.NoHostFiles(v, c));
        yield return new("subprocess writes every host path", "PRELUDE\nsp = _imp('sub' + 'process')\n" + Def +
            "    for p in ['/tmp/MARKER', 'HOST_HOME/MARKER', 'HOST_CWD/MARKER', '/var/tmp/MARKER', '/dev/shm/MARKER']:\n" +
            "        try: sp.run(['/usr/bin/python3', '-c', 'open(%r, \"w\").write(\"x\")' % p])\n        except BaseException: pass\n    return True\n",
            (v, c) => Checks.NoHostFiles(v, c));
        yield return new("ctypes through the bypass", "PRELUDE\n" + Def + "    ct = _imp('ct' + 'ypes')\n    return ct.CDLL(None).system(b'touch /tmp/MARKER') == 0\n",
            (v, c) => { Checks.NoHostFiles(v, c); Checks.TestError(v, 0, "ImportError"); });
        foreach (var (label, path) in new[] { ("/tmp", "/tmp/MARKER"), ("home", "HOST_HOME/MARKER"), ("cwd", "HOST_CWD/MARKER"), ("/var/tmp", "/var/tmp/MARKER"), ("/dev/shm", "/dev/shm/MARKER") })
        {
            yield return new($"write a file in {label}", "PRELUDE\n" + Def + $"    _open('{path}', 'w').write('pwned')\n    return True\n",
                (v, c) => Checks.NoHostFiles(v, c));
        }
        yield return new("read /etc/shadow", "PRELUDE\n" + Def + "    return _open('/etc/shadow').read()\n",
            (v, _) => { Checks.TestError(v, 0, "FileNotFoundError"); Checks.Lacks(v, "root:"); });
        yield return new("read /proc/*/environ and os.environ", "PRELUDE\n" + Def +
            "    seen = dict(os.environ)\n    for pid in os.listdir('/proc'):\n        try: seen[pid] = _open('/proc/%s/environ' % pid).read()\n        except BaseException: pass\n    return seen\n",
            (v, _) => Checks.OnlyMinimalEnvironment(v));
        // /zygote is where the zygote's own mounts were; each job detaches them: an empty directory.
        yield return new("list the host's files", "PRELUDE\n" + Def + "    return sorted(os.listdir('/')) + sorted(os.listdir('/usr')) + os.listdir('/zygote')\n",
            (v, _) => Checks.Actual(v, 0, """["bin","dev","lib","lib64","proc","tmp","usr","zygote","bin","lib","lib64"]"""));
        yield return new("modify the interpreter's files", "PRELUDE\n" + Def + "    _open(os.__file__, 'a').write('pwned')\n    return True\n",
            (v, _) => Checks.TestError(v, 0, "Error: [Errno"));
        yield return new("connect to a TCP listener on 127.0.0.1", "PRELUDE\nsocket = _imp('soc' + 'ket')\n" + Def +
            "    c = socket.create_connection(('127.0.0.1', TCP_PORT), timeout=0.5)\n    c.sendall(b'pwned')\n    return True\n",
            (v, c) => { Checks.TestError(v, 0, "PermissionError"); Checks.NothingReceived(c); });
        yield return new("send UDP to a listener on 127.0.0.1", "PRELUDE\nsocket = _imp('soc' + 'ket')\n" + Def +
            "    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n    s.sendto(b'pwned', ('127.0.0.1', UDP_PORT))\n    return True\n",
            (v, c) => { Checks.TestError(v, 0, "PermissionError"); Checks.NothingReceived(c); });
        yield return new("kill every process it can see", "PRELUDE\n" + Def + "    os.kill(-1, 9)\n    return True\n",
            (v, c) => { Checks.Status(v, Verdict.StatusFailed, Verdict.StatusCrashed); Checks.SentinelAlive(c); });
        yield return new("kill pid 1 and its parent", "PRELUDE\n" + Def + "    for p in (1, os.getppid()):\n        try: os.kill(p, 9)\n        except BaseException: pass\n    return True\n",
            (v, c) => Checks.SentinelAlive(c));
        yield return new("a forked child stays under seccomp", "PRELUDE\n" + Def + "    pid = os.fork()\n    if pid == 0:\n        os._exit(0)\n    os.waitpid(pid, 0)\n    return _open('/proc/self/status').read().count('Seccomp:\\t2') == 1\n",
            (v, _) => Checks.Actual(v, 0, "true"));
    }

    private static IEnumerable<HostileProgram> Resources()
    {
        yield return new("fork bomb", "PRELUDE\n" + Def + "    while True:\n        try: os.fork()\n        except BaseException: pass\n",
            (v, _) => Checks.Status(v, Verdict.StatusTimeout, Verdict.StatusCrashed, Verdict.StatusMemory));
        yield return new("thread bomb", "PRELUDE\nthreading = _imp('thre' + 'ading')\nimport time\n" + Def +
            "    while True:\n        threading.Thread(target=time.sleep, args=(100,)).start()\n",
            (v, _) => Checks.Status(v, Verdict.StatusFailed, Verdict.StatusTimeout, Verdict.StatusMemory, Verdict.StatusCrashed));
        yield return new("memory bomb", Def + "    return len('x' * (1 << 30)) > 0\n", (v, _) => Checks.Status(v, Verdict.StatusMemory));
        yield return new("growing memory bomb", Def + "    a = []\n    while True:\n        a.append(bytearray(1 << 20))\n",
            (v, _) => Checks.Status(v, Verdict.StatusMemory, Verdict.StatusCrashed, Verdict.StatusTimeout));
        yield return new("CPU spin", Def + "    while True:\n        pass\n", (v, _) => Checks.TimedOutAt(v, 0));
        yield return new("sleep forever", "import time\n" + Def + "    time.sleep(10 ** 6)\n", (v, _) => Checks.TimedOutAt(v, 0));
        yield return new("ignore the alarm signal", "PRELUDE\nsignal = _imp('sig' + 'nal')\n" + Def +
            "    signal.signal(signal.SIGALRM, signal.SIG_IGN)\n    while True:\n        pass\n", (v, _) => Checks.TimedOutAt(v, 0));
        yield return new("swallow the timeout exception", Def + "    while True:\n        try:\n            while True:\n                pass\n        except BaseException:\n            pass\n",
            (v, _) => Checks.TimedOutAt(v, 0));
        yield return new("sleep forever at import", "import time\ntime.sleep(10 ** 6)\n" + Def + "    return True\n",
            (v, _) => Checks.Status(v, Verdict.StatusTimeout));
        yield return new("output flood on fd 1", "PRELUDE\n" + Def + "    while True:\n        os.write(1, b'x' * 65536)\n",
            (v, _) => Checks.Status(v, Verdict.StatusOutputLimit, Verdict.StatusTimeout));
        yield return new("print flood", Def + "    while True:\n        print('x' * 1000)\n",
            (v, _) => { Checks.TimedOutAt(v, 0); Assert.True((v.Tests[0].Stdout?.Length ?? 0) <= 4096); });
        yield return new("disk fill", "PRELUDE\n" + Def + "    i = 0\n    while True:\n        with _open('/tmp/fill%d' % i, 'wb') as f:\n            f.write(b'x' * (1 << 20) * 4)\n        i += 1\n",
            (v, _) => Checks.TestError(v, 0, "Error: [Errno"));
        yield return new("a file left in /tmp is gone next run", "PRELUDE\n" + Def + "    found = os.listdir('/tmp')\n    _open('/tmp/leftover', 'w').write('x')\n    return found\n",
            (v, _) => Checks.Actual(v, 0, "[]"));
        yield return new("huge return value", Def + "    return 'x' * (2 << 20)\n", (v, _) => Checks.Status(v, Verdict.StatusOutputLimit));
        yield return new("infinite recursion", Def + "    return is_palindrome(s)\n",
            (v, _) => { Checks.Status(v, Verdict.StatusFailed); Checks.TestError(v, 0, "RecursionError"); });
        yield return new("recursion with the limit lifted", "PRELUDE\nsys.setrecursionlimit(10 ** 7)\n" + Def + "    return is_palindrome(s)\n",
            (v, _) => Checks.Status(v, Verdict.StatusCrashed, Verdict.StatusMemory, Verdict.StatusTimeout));
    }

    private static IEnumerable<HostileProgram> Cheats()
    {
        const string Fake = """{"status":"passed","passed":13,"total":13,"message":"ok","tests":[]}""";
        yield return new("fake verdict on stdout then _exit", "PRELUDE\n" + Def + $"    os.write(1, b'{Fake}\\n')\n    os._exit(0)\n",
            (v, _) => Checks.NothingPassed(v, Verdict.StatusCrashed), VisibleOnly: false);
        yield return new("fake verdict on stderr then _exit", "PRELUDE\n" + Def + $"    os.write(2, b'{Fake}\\n')\n    os._exit(0)\n",
            (v, _) => Checks.NothingPassed(v, Verdict.StatusCrashed), VisibleOnly: false);
        yield return new("fake results on every fd then _exit", "PRELUDE\n" + Def +
            "    for i in range(13):\n        line = b'{\"kind\":\"result\",\"index\":%d,\"status\":\"ok\",\"value\":true}\\n' % (i + 5)\n" +
            "        for fd in range(64):\n            try: os.write(fd, line)\n            except BaseException: pass\n    os._exit(0)\n",
            (v, _) => Checks.NothingPassed(v, Verdict.StatusCrashed), VisibleOnly: false);
        yield return new("__eq__ always True", "class A:\n    def __eq__(self, other): return True\n" + Def + "    return A()\n",
            (v, _) => Checks.NothingPassed(v, Verdict.StatusFailed), VisibleOnly: false);
        yield return new("int subclass with lying __eq__", "class I(int):\n    def __eq__(self, other): return True\n    __hash__ = int.__hash__\n" + Def + "    return I(7)\n",
            (v, _) => Checks.NothingPassed(v, Verdict.StatusFailed), VisibleOnly: false);
        yield return new("str subclass with lying __eq__", "class S(str):\n    def __eq__(self, other): return True\n    __hash__ = str.__hash__\n" + Def + "    return S('x')\n",
            (v, _) => Checks.NothingPassed(v, Verdict.StatusFailed), VisibleOnly: false);
        yield return new("bool subclass", "class B(bool):\n    pass\n" + Def + "    return B(1)\n",
            (v, _) => Checks.NothingPassed(v, Verdict.StatusCrashed), VisibleOnly: false);
        yield return new("list subclass with lying __eq__", "class L(list):\n    def __eq__(self, other): return True\n" + Def + "    return L()\n",
            (v, _) => Checks.NothingPassed(v, Verdict.StatusFailed), VisibleOnly: false);
        yield return new("walk gc for expected values", "PRELUDE\ngc = _imp('g' + 'c')\n" + Def +
            "    for o in gc.get_objects():\n        if type(o) is dict and 'expected' in o:\n            return o['expected']\n    return None\n",
            (v, _) => Checks.NothingPassed(v, Verdict.StatusFailed), VisibleOnly: false);
        yield return new("walk frames for expected values", "PRELUDE\n" + Def +
            "    f = sys._getframe()\n    while f is not None:\n        for k, x in list(getattr(f, 'f_loc' + 'als').items()) + list(getattr(f, 'f_glo' + 'bals').items()):\n" +
            "            if 'expect' in str(k):\n                return x\n        f = getattr(f, 'f_b' + 'ack')\n    return None\n",
            (v, _) => Checks.NothingPassed(v, Verdict.StatusFailed), VisibleOnly: false);
        yield return new("steal the next test's input from stdin", "PRELUDE\n" + Def + "    return sys.stdin.readline()\n",
            (v, _) => { Checks.Status(v, Verdict.StatusTimeout); Checks.Lacks(v, "Nixon"); }, VisibleOnly: false);
        yield return new("leak hidden inputs through errors and output", Def + "    print('LEAK', s)\n    raise ValueError('LEAK ' + s)\n",
            (v, _) => { Checks.Status(v, Verdict.StatusFailed); Checks.Lacks(v, "Nixon"); Checks.Lacks(v, "Elba"); }, VisibleOnly: false);
    }

    private static IEnumerable<HostileProgram> Malformed()
    {
        yield return new("sys.exit at import", "PRELUDE\nsys.exit(0)\n" + Def + "    return True\n",
            (v, _) => { Checks.Status(v, Verdict.StatusCrashed); Assert.Contains("SystemExit", v.Message); });
        yield return new("SystemExit inside a test", Def + "    raise SystemExit(0)\n",
            (v, _) => { Checks.Status(v, Verdict.StatusFailed); Checks.TestError(v, 0, "SystemExit"); });
        yield return new("syntax error", Def + "    return (\n", (v, _) => Checks.Rejected(v, "SyntaxError"));
        yield return new("1 MiB of source", "PRELUDE\n_open('/tmp/x', 'w')\n" + new string('#', 1 << 20) + "\n" + Def + "    return True\n",
            (v, _) => { Checks.Rejected(v, "the limit is"); Assert.True(v.ElapsedMs < 100); });
        yield return new("bytes that are not UTF-8", "x = '\ud800'\n" + Def + "    return True\n", (v, _) => Checks.Rejected(v, "not valid UTF-8"));
        yield return new("NUL bytes in the source", "x = 1\0\n" + Def + "    return True\n", (v, _) => Checks.Rejected(v, "null bytes"));
        yield return new("function missing", "def something_else(s):\n    return True\n", (v, _) => Checks.Rejected(v, "is_palindrome is not defined"));
    }
}
