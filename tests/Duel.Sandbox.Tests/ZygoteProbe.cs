namespace Duel.Sandbox.Tests;

/// <summary>
/// A submission that reports what a job can see of its surroundings (test 0's actual value):
/// its ids, processes, /tmp, environment, network, namespaces, signal dispositions, the
/// behaviour of a few builtins and modules, SysV IPC and the host name.
/// </summary>
internal static class ZygoteProbe
{
    public const string Code = """
        PRELUDE
        import json
        signal = _imp('sig' + 'nal')
        def is_palindrome(s):
            r = {}
            r['uid'] = [os.getuid(), os.geteuid(), os.getgid(), os.getegid()]
            r['groups'] = os.getgroups()
            r['pid'] = os.getpid()
            r['procs'] = sorted(p for p in os.listdir('/proc') if p.isdigit())
            r['tmp'] = os.listdir('/tmp') + os.listdir('/dev/shm') + os.listdir('/zygote')
            r['env'] = sorted(os.environ)
            r['net'] = [l.split(':')[0].strip() for l in _open('/proc/net/dev').read().splitlines()[2:]]
            r['ns'] = {n: os.readlink('/proc/self/ns/' + n) for n in ('pid', 'mnt', 'net', 'ipc', 'uts')}
            r['signals'] = [str(signal.getsignal(x)) for x in (signal.SIGTERM, signal.SIGUSR1, signal.SIGINT, signal.SIGHUP, signal.SIGCHLD)]
            r['mask'] = sorted(int(x) for x in signal.pthread_sigmask(signal.SIG_BLOCK, []))
            r['modules'] = [json.dumps({'a': [1, 2]}), len('abc'), str(12), sorted([3, 1, 2]), isinstance(1, int), 'x'.upper()]
            r['sysv'] = [_open('/proc/sysvipc/' + k).read().count('\n') for k in ('shm', 'sem', 'msg')]
            r['host'] = os.uname().nodename
            r['status'] = [l for l in _open('/proc/self/status').read().splitlines() if l.startswith(('Cap', 'NoNewPrivs', 'Seccomp:'))]
            return r
        """;
}
