# Runs inside bwrap. Protocol: stdin line 1 = header (code, function, test count, limits);
# then one {"args": [...]} line per test, sent by the worker only after the previous result,
# so hidden inputs are not in this process while visible tests (whose output is shown) run.
# Results go to fd 3 as JSON lines. Expected values never come here: the worker compares.
# The ast check is a courtesy for honest players; the sandbox around us is the boundary.
# Only built-in modules (and resource): importing ast, json or signal costs more CPU than
# the judging itself, and every submission pays for a fresh interpreter.
import _ast, _json, _signal, posix, resource, sys, time

# Set by run(): in the zygote this module is imported long before fds 0 and 3 are a job's.
_stdin = None
_type, _len, _str = type, len, str
_code = type(compile("", "", "exec"))
# Results go out with write(2) on fd 3: a file object would cost every job the io machinery.
_monotonic, _setitimer, _exit, _write = time.perf_counter, _signal.setitimer, posix._exit, posix.write
_monotonic_raw = time.monotonic


def _no_constant(name):
    raise ValueError("not JSON: " + name)


def _not_plain(o):
    raise TypeError("not plain JSON data")


class _Decoding:
    strict, object_hook, object_pairs_hook = True, None, None
    parse_float, parse_int, parse_constant = float, int, _no_constant


_scan = _json.make_scanner(_Decoding())
_encode = _json.make_encoder(None, _not_plain, _json.encode_basestring_ascii, None, ":", ",", False, False, False)


def _loads(text):
    value, end = _scan(text.decode("utf-8").strip(), 0)
    return value


def _dumps(value):
    return "".join(_encode(value, 0))

MODULES = {"os", "sys", "subprocess", "socket", "ctypes", "importlib", "shutil", "pathlib", "io",
           "builtins", "gc", "inspect", "signal", "threading", "_thread", "multiprocessing",
           "concurrent", "asyncio", "resource", "pty", "fcntl", "mmap", "posix", "pickle", "marshal",
           "code", "codeop", "runpy", "urllib", "http", "ssl", "select", "selectors", "tempfile",
           "glob", "sysconfig", "site", "atexit", "faulthandler", "tracemalloc", "ftplib", "smtplib",
           "telnetlib", "webbrowser", "zipimport", "pkgutil", "imp", "_posixsubprocess", "_io",
           "_ctypes", "_socket", "pwd", "grp", "spwd", "platform", "shelve", "dbm", "sqlite3"}
CALLS = {"__import__", "eval", "exec", "compile", "open", "globals", "locals", "vars",
         "breakpoint", "input", "memoryview", "help", "exit", "quit"}
DUNDERS = {"__subclasses__", "__globals__", "__builtins__", "__code__", "__closure__", "__bases__",
           "__base__", "__mro__", "__class__", "__self__", "__func__", "__getattribute__",
           "__loader__", "__spec__", "__reduce__", "__reduce_ex__", "__dict__", "__import__",
           "f_globals", "f_locals", "f_back", "f_builtins", "f_code", "gi_frame", "gi_code",
           "cr_frame", "ag_frame", "tb_frame", "tb_next", "__traceback__"}


class _Timeout(BaseException):
    pass


# Opened by run() in the job's own process: /proc/self/schedstat, whose second field is how long this process has
# waited for a core (ns). None without /proc: then a limit is plain wall time.
_schedstat = None
# The running step (the load, or a test): its start, the wait until then, its limit and its wall limit (s).
_step = [0.0, 0, 0.0, 0.0]


def _waited():
    try:
        return int(posix.pread(_schedstat, 64, 0).split()[1]) if _schedstat is not None else 0
    except (OSError, ValueError, IndexError):
        return 0


def _begin(limit, wall):
    _step[:] = _monotonic(), _waited(), limit, wall
    _setitimer(_signal.ITIMER_REAL, limit)


def _used():
    """Seconds the step ran or slept: its wall time less the time it waited behind other processes for a core."""
    began, waited = _step[0], _step[1]
    return _monotonic() - began - (_waited() - waited) / 1e9


def _alarm(signum, frame):
    # On a busy host the wall clock runs on while the step waits for a core: it gets that time back, up to its wall limit.
    began, limit, wall = _step[0], _step[2], _step[3]
    left = min(limit - _used(), wall - (_monotonic() - began))
    if left > 0.001:
        _setitimer(_signal.ITIMER_REAL, left)
        return
    raise _Timeout()


def emit(obj):
    data = (_dumps(obj) + "\n").encode()
    view = memoryview(data)
    while view:
        view = view[_write(3, view):]


def walk(tree):
    todo = [tree]
    while todo:
        node = todo.pop()
        yield node
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, _ast.AST):
                todo.append(value)
            elif _type(value) is list:
                todo.extend(v for v in value if isinstance(v, _ast.AST))


def check(tree):
    mods, calls, attrs = [], [], []
    for node in walk(tree):
        if isinstance(node, _ast.Import):
            mods += [a.name.split(".")[0] for a in node.names]
        elif isinstance(node, _ast.ImportFrom):
            mods.append((node.module or "").split(".")[0])
        elif isinstance(node, _ast.Call) and isinstance(node.func, _ast.Name) and node.func.id in CALLS:
            calls.append(node.func.id)
        elif isinstance(node, _ast.Attribute) and node.attr in DUNDERS:
            attrs.append(node.attr)
        elif isinstance(node, _ast.Name) and node.id in DUNDERS:
            attrs.append(node.id)
        elif isinstance(node, _ast.Constant) and isinstance(node.value, str) and node.value in DUNDERS:
            attrs.append(node.value)
    found = lambda xs: ", ".join(sorted(set(xs)))
    if any(m in MODULES for m in mods):
        return "Forbidden imports detected: " + found(m for m in mods if m in MODULES)
    if calls:
        return "Forbidden calls detected: " + found(calls)
    if attrs:
        return "Forbidden attributes detected: " + found(attrs)
    return None


# Every word check() looks for, plus __future__ (string annotations are dropped from the code).
_WORDS = frozenset(MODULES | CALLS | DUNDERS | {"__future__"})


def unflagged(code):
    """The code compiled, when check() cannot flag it; else None, and the AST path decides.

    Building the AST's Python objects costs a job more than the checks themselves: in a process
    forked from the zygote, every object and type it touches is a copy-on-write page. Each name,
    attribute, import and string constant that check() reads is also in some code object's names,
    variables or constants, so a program whose code objects hold none of the words passes check().
    Only code the compiler drops (dead branches, bare constants) is not seen, and it never runs.
    """
    try:
        compiled = compile(code, "solution.py", "exec")
    except Exception:
        return None  # the AST path gives the same error as before, or the compiler's at load
    todo = [compiled]
    while todo:
        item = todo.pop()
        t = _type(item)
        if t is _str:
            if item in _WORDS or item.split(".", 1)[0] in _WORDS:
                return None
        elif t is tuple or t is frozenset:
            todo.extend(item)
        elif t is _code:
            todo.extend(item.co_names + item.co_varnames + item.co_cellvars + item.co_freevars + item.co_consts)
    return compiled


class Capture:
    def __init__(self, cap):
        self.parts, self.size, self.cap = [], 0, cap

    def write(self, text):
        if _type(text) is not str:
            raise TypeError("write() argument must be str")
        if self.size < self.cap:
            taken = text[: self.cap - self.size]
            self.parts.append(taken)
            self.size += _len(taken)
        return _len(text)

    def flush(self):
        pass

    def text(self):
        return "".join(self.parts)


def plain(x, depth=0, _t=type, _i=int, _f=float, _s=str, _b=bool, _l=list, _d=dict):
    # Exact types only: a subclass could lie through __eq__, __str__ or __repr__.
    if depth > 100:
        return False
    t = _t(x)
    if x is None or t is _b or t is _i or t is _s:
        return True
    if t is _f:
        return x == x and x not in (float("inf"), float("-inf"))
    if t is _l:
        return all(plain(v, depth + 1) for v in x)
    if t is _d:
        return all(_t(k) is _s and plain(v, depth + 1) for k, v in x.items())
    return False


def describe(e):
    try:
        text = _str(e)
    except BaseException:
        text = "<unprintable>"
    return (_type(e).__name__ + (": " + text if text else ""))[:500]


def main(started):
    header = _loads(_stdin.readline())
    # Started before the job arrived with a generous CPU cap: now the job's own (soft, hard).
    resource.setrlimit(resource.RLIMIT_CPU, (header["cpu_seconds"], header["cpu_seconds"] + 1))
    code, limit, wall = header["code"], header["time_limit_ms"] / 1000.0, header["wall_limit_ms"] / 1000.0
    max_value, max_out = header["max_value_bytes"], header["max_stdout"]
    compiled = unflagged(code)
    if compiled is None:
        try:
            tree = compile(code, "solution.py", "exec", _ast.PyCF_ONLY_AST)
        except SyntaxError as e:
            return emit({"kind": "rejected", "message": f"SyntaxError: {e.msg} (line {e.lineno})"})
        except (ValueError, MemoryError, RecursionError) as e:
            return emit({"kind": "rejected", "message": describe(e)})
        problem = check(tree)
        if problem:
            return emit({"kind": "rejected", "message": problem})
    _signal.signal(_signal.SIGALRM, _alarm)
    module = _type(sys)("solution")
    out = sys.stdout = sys.stderr = Capture(max_out)
    try:
        _begin(limit, wall)
        exec(compiled or compile(tree, "solution.py", "exec"), module.__dict__)
        _setitimer(_signal.ITIMER_REAL, 0)
    except _Timeout:
        return emit({"kind": "load-error", "status": "timeout", "error": "loading the code timed out"})
    except BaseException as e:
        _setitimer(_signal.ITIMER_REAL, 0)
        status = "memory" if isinstance(e, MemoryError) else "error"
        return emit({"kind": "load-error", "status": status, "error": describe(e), "stdout": out.text()})
    fn = module.__dict__.get(header["function"])
    if not callable(fn):
        return emit({"kind": "rejected", "message": f"function {header['function']} is not defined"})
    # When this process began its job (CLOCK_MONOTONIC, as the worker's clock): timing only.
    emit({"kind": "ready", "started": started})
    for index in range(header["tests"]):
        args = _loads(_stdin.readline())["args"]
        out = sys.stdout = sys.stderr = Capture(max_out)
        result = {"kind": "result", "index": index}
        try:
            _begin(limit, wall)
            value = fn(*args)
            _setitimer(_signal.ITIMER_REAL, 0)
            result["status"] = "ok"
        except _Timeout:
            result["status"] = "timeout"
        except BaseException as e:
            _setitimer(_signal.ITIMER_REAL, 0)
            result["status"] = "memory" if isinstance(e, MemoryError) else "error"
            result["error"] = describe(e)
        result["ms"] = round(_used() * 1000, 3)
        result["stdout"] = out.text()
        if result["status"] == "ok":
            if not plain(value):
                result["status"] = "bad-value"
                result["error"] = f"returned {_type(value).__name__}, which is not plain JSON data"
            else:
                encoded = _dumps(value)
                if _len(encoded) > max_value:
                    result["status"] = "too-large"
                    result["error"] = f"return value is larger than {max_value} bytes"
                else:
                    result["value"] = value
        emit(result)
        # After a timeout or MemoryError the process is in no state to go on: stop here.
        if result["status"] in ("timeout", "memory"):
            return


def run():
    global _stdin, _schedstat
    started = _monotonic_raw()
    try:
        try:
            _schedstat = posix.open("/proc/self/schedstat", posix.O_RDONLY)
        except OSError:
            pass
        _stdin = sys.stdin.buffer
        main(started)
    except BaseException as e:
        try:
            emit({"kind": "harness-error", "error": describe(e)})
        except BaseException:
            pass
    _exit(0)


# python3 -c harness (one fresh process per job); the zygote imports it under another name.
if __name__ == "__main__":
    run()
