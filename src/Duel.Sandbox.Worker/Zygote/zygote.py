# The zygote: one interpreter per slot with the harness imported and no user code, ever. It
# never reads job data: per job it receives four fds (stdin, stdout, stderr, results), a sequence
# number and a uid over fd 3 (SCM_RIGHTS), forks the job's process (_duelzygote.spawn: fresh
# namespaces, the job's uid, seccomp) and reports "<seq> <wait status>" on fd 3 when it exits.
# argv: [-c, harness source, configuration JSON]
import posix, select, sys

sys.path.insert(0, "/zygote/lib")
import _duelzygote

harness = type(sys)("harness")
exec(compile(sys.argv[1], "harness.py", "exec"), harness.__dict__)
config = harness._loads(sys.argv[2].encode())
_duelzygote.configure(bytes.fromhex(config["seccomp"]), [tuple(x) for x in config["rlimits"]],
                      config["tmpfs_bytes"], config["new_net"])
uids, cgroups = set(config["uids"]), config["cgroups"]
del config


def serve():
    # Several jobs may be out at once (the running one and the next, forked ahead): each exit is
    # seen through its pidfd, so no SIGCHLD handler of ours is ever inherited by a job.
    poller = select.poll()
    poller.register(3, select.POLLIN)
    running = {}
    while True:
        for fd, _ in poller.poll():
            if fd != 3:
                pid, seq = running.pop(fd)
                poller.unregister(fd)
                posix.close(fd)
                _, status = posix.waitpid(pid, 0)
                posix.write(3, b"%d %d\n" % (seq, status))
                continue
            job = _duelzygote.recv_job(3)
            if job is None:
                return
            data, fds = job
            seq, uid = (int(x) for x in data.split()) if data.replace(b" ", b"").isdigit() and data.count(b" ") == 1 else (0, -1)
            pid = -1
            if len(fds) == 4 and uid in uids:
                pid = _duelzygote.spawn(tuple(fds), uid, tuple(cgroups.get(str(uid), ())))
                if pid == 0:
                    harness.run()
            for fd in fds:
                posix.close(fd)
            if pid > 0:
                pidfd = posix.pidfd_open(pid)
                running[pidfd] = (pid, seq)
                poller.register(pidfd, select.POLLIN)
            else:
                posix.write(3, b"%d %d\n" % (seq, 255 << 8))


serve()
posix._exit(0)
