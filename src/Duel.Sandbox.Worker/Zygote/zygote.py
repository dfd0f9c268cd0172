# The zygote: one interpreter per slot with the harness imported and no user code, ever. It
# never reads job data: per job it receives four fds (stdin, stdout, stderr, results) and a uid
# over fd 3 (SCM_RIGHTS), forks the job's process (_duelzygote.spawn: fresh namespaces, the
# job's uid, seccomp) and reports that process's wait status back on fd 3.
# argv: [-c, harness source, configuration JSON]
import posix, sys

sys.path.insert(0, "/zygote/lib")
import _duelzygote

harness = type(sys)("harness")
exec(compile(sys.argv[1], "harness.py", "exec"), harness.__dict__)
config = harness._loads(sys.argv[2].encode())
_duelzygote.configure(bytes.fromhex(config["seccomp"]), [tuple(x) for x in config["rlimits"]],
                      config["tmpfs_bytes"], config["new_net"])
uids, cgroups = set(config["uids"]), config["cgroups"]
del config


def reap(pid):
    # Orphans of a killed A (its B) come to us, pid 1 here: reap them too.
    while True:
        try:
            done, status = posix.waitpid(-1, 0)
        except ChildProcessError:
            return 255 << 8
        if done == pid:
            return status


def serve():
    while True:
        job = _duelzygote.recv_job(3)
        if job is None:
            return
        data, fds = job
        uid = int(data) if data.isdigit() else -1
        pid = -1
        if len(fds) == 4 and uid in uids:
            pid = _duelzygote.spawn(tuple(fds), uid, tuple(cgroups.get(str(uid), ())))
            if pid == 0:
                harness.run()
        for fd in fds:
            posix.close(fd)
        status = reap(pid) if pid > 0 else 255 << 8
        posix.write(3, b"%d\n" % status)


serve()
posix._exit(0)
