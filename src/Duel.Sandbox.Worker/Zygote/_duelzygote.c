/* The zygote's privileged half: what Python 3.11 cannot do without ctypes (unshare, mount,
 * prctl, seccomp, SCM_RIGHTS receive without the socket module). Built by the worker with gcc
 * against the interpreter's headers; never loaded by anything but the zygote.
 *
 * spawn() clones the job's process straight into fresh namespaces (pid 1 of a new pid namespace),
 * which joins the job's cgroups and then builds its sandbox: private mounts, fresh /tmp, /dev/shm
 * and /proc, rlimits, empty bounding set, the job's uid, no_new_privs, job fds on 0-3 and nothing
 * else, seccomp. It returns 0 in the job's process only, where the harness then runs. Every step
 * that fails ends the process: untrusted code never runs in a half-built sandbox. */
#define PY_SSIZE_T_CLEAN
#define _GNU_SOURCE
#include <Python.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAX_CGROUPS 4
#define MAX_LIMITS 16

static struct sock_filter *filter;
static unsigned short filter_len;
static struct { int resource; struct rlimit value; } limits[MAX_LIMITS];
static int limit_count;
static long long tmpfs_bytes;
static int new_net = 1;

/* Before the job's fds are in place, fd 2 is the zygote's log. */
static void die(int code)
{
    char text[64];
    int n = snprintf(text, sizeof text, "zygote: job setup failed at step %d (errno %d)\n", code, errno);
    if (write(2, text, n) < 0) { }
    _exit(code);
}

/* configure(seccomp: bytes, rlimits: [(resource, soft, hard)], tmpfs_bytes: int, new_net: bool) */
static PyObject *configure(PyObject *self, PyObject *args)
{
    Py_buffer bpf;
    PyObject *list;
    long long tmpfs;
    int net;
    if (!PyArg_ParseTuple(args, "y*OLp", &bpf, &list, &tmpfs, &net))
        return NULL;
    if (bpf.len % 8 != 0 || bpf.len / 8 > 4096 || !PyList_Check(list) || PyList_Size(list) > MAX_LIMITS) {
        PyBuffer_Release(&bpf);
        PyErr_SetString(PyExc_ValueError, "bad configuration");
        return NULL;
    }
    filter = PyMem_RawMalloc(bpf.len);
    memcpy(filter, bpf.buf, bpf.len);
    filter_len = (unsigned short)(bpf.len / 8);
    PyBuffer_Release(&bpf);
    limit_count = 0;
    for (Py_ssize_t i = 0; i < PyList_Size(list); i++) {
        int resource;
        unsigned long long soft, hard;
        if (!PyArg_ParseTuple(PyList_GetItem(list, i), "iKK", &resource, &soft, &hard))
            return NULL;
        limits[limit_count].resource = resource;
        limits[limit_count].value.rlim_cur = soft;
        limits[limit_count].value.rlim_max = hard;
        limit_count++;
    }
    tmpfs_bytes = tmpfs;
    new_net = net;
    Py_RETURN_NONE;
}

/* recv_job(sock) -> (bytes, [fd, ...]) or None at EOF: one message with its SCM_RIGHTS fds. */
static PyObject *recv_job(PyObject *self, PyObject *args)
{
    int sock;
    if (!PyArg_ParseTuple(args, "i", &sock))
        return NULL;
    char data[256];
    union { struct cmsghdr align; char buf[CMSG_SPACE(8 * sizeof(int))]; } control;
    struct iovec iov = { data, sizeof data };
    struct msghdr msg = { 0 };
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.buf;
    msg.msg_controllen = sizeof control.buf;
    ssize_t n;
    Py_BEGIN_ALLOW_THREADS
    do { n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC); } while (n < 0 && errno == EINTR);
    Py_END_ALLOW_THREADS
    if (n < 0)
        return PyErr_SetFromErrno(PyExc_OSError);
    if (n == 0)
        Py_RETURN_NONE;
    PyObject *fds = PyList_New(0);
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
            continue;
        int count = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
        int *received = (int *)CMSG_DATA(c);
        for (int i = 0; i < count; i++) {
            PyObject *fd = PyLong_FromLong(received[i]);
            PyList_Append(fds, fd);
            Py_DECREF(fd);
        }
    }
    if (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) {
        Py_DECREF(fds);
        PyErr_SetString(PyExc_ValueError, "truncated job message");
        return NULL;
    }
    return Py_BuildValue("(y#N)", data, (Py_ssize_t)n, fds);
}

static void join_cgroup(const char *procs)
{
    int fd = open(procs, O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write(fd, "0", 1) != 1)
        die(120);
    close(fd);
}

/* Runs in the job's process before untrusted code; any failure ends it. */
static void become_job(const int *fds, uid_t uid, const char *const *cgroups, Py_ssize_t count)
{
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) die(130);
    /* First of all, so that everything below is charged to and limited by the job's groups; the
     * zygote's own cgroups keep only the zygote. */
    for (Py_ssize_t i = 0; i < count; i++)
        join_cgroup(cgroups[i]);
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) die(131);
    /* The slot's cgroup files and this module's directory: the job has no business there. */
    if (umount2("/zygote", MNT_DETACH) != 0) die(132);
    char options[96];
    snprintf(options, sizeof options, "size=%lld,mode=0700,uid=%u,gid=%u", tmpfs_bytes, uid, uid);
    if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, options) != 0) die(133);
    snprintf(options, sizeof options, "size=1048576,mode=0700,uid=%u,gid=%u", uid, uid);
    if (mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, options) != 0) die(134);
    if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0) die(135);
    if (chdir("/tmp") != 0) die(136);
    if (sethostname("sandbox", 7) != 0) die(137);
    for (int i = 0; i < limit_count; i++)
        if (setrlimit(limits[i].resource, &limits[i].value) != 0) die(138);
    for (int cap = 0; cap <= 63; cap++)
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL) die(139);
    if (setgroups(0, NULL) != 0 || setresgid(uid, uid, uid) != 0 || setresuid(uid, uid, uid) != 0) die(140);
    /* setresuid cleared permitted and effective; the inheritable set bwrap left goes too. */
    struct { unsigned int version; int pid; } header = { 0x20080522, 0 };
    struct { unsigned int effective, permitted, inheritable; } data[2] = { { 0, 0, 0 }, { 0, 0, 0 } };
    if (syscall(SYS_capset, &header, data) != 0) die(146);
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) die(141);
    for (int i = 0; i < 4; i++)
        if (fds[i] < 4 || dup2(fds[i], i) != i) die(142);
    if (syscall(SYS_close_range, 4, ~0U, 0) != 0) die(143);
    sigset_t none;
    sigemptyset(&none);
    if (sigprocmask(SIG_SETMASK, &none, NULL) != 0) die(144);
    struct sock_fprog prog = { filter_len, filter };
    if (filter_len > 0 && prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) die(145);
}

/* spawn((stdin, stdout, stderr, results), uid, (cgroup.procs paths...)) -> the job's pid, or 0 in the job */
static PyObject *spawn(PyObject *self, PyObject *args)
{
    int fds[4];
    unsigned int uid;
    PyObject *cgroups;
    if (!PyArg_ParseTuple(args, "(iiii)IO!", &fds[0], &fds[1], &fds[2], &fds[3], &uid, &PyTuple_Type, &cgroups))
        return NULL;
    if (uid == 0 || PyTuple_Size(cgroups) > MAX_CGROUPS) {
        PyErr_SetString(PyExc_ValueError, "bad job");
        return NULL;
    }
    const char *paths[MAX_CGROUPS];
    Py_ssize_t count = PyTuple_Size(cgroups);
    for (Py_ssize_t i = 0; i < count; i++)
        if (!(paths[i] = PyUnicode_AsUTF8(PyTuple_GetItem(cgroups, i))))
            return NULL;
    /* One clone into every new namespace at once. unshare(CLONE_NEWPID) moves only the caller's
     * children, which took a fork, an unshare and a second fork per job; on a paravirtualised guest
     * each fork and exit of an interpreter costs ~3 ms of CPU. With no stack given, clone() behaves as
     * fork(): the child runs on a copy of this stack. glibc's fork() also notes the child's tid for
     * itself; nothing here needs it (raise() and getpid() ask the kernel) and the zygote is
     * single-threaded, so no lock can be held across the clone. */
    int flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS | (new_net ? CLONE_NEWNET : 0);
    PyOS_BeforeFork();
    pid_t pid = (pid_t)syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, 0);
    if (pid != 0) {
        PyOS_AfterFork_Parent();
        return pid < 0 ? PyErr_SetFromErrno(PyExc_OSError) : PyLong_FromLong(pid);
    }
    become_job(fds, uid, paths, count);
    PyOS_AfterFork_Child();
    return PyLong_FromLong(0);
}

static PyMethodDef methods[] = {
    { "configure", configure, METH_VARARGS, NULL },
    { "recv_job", recv_job, METH_VARARGS, NULL },
    { "spawn", spawn, METH_VARARGS, NULL },
    { NULL, NULL, 0, NULL },
};

static struct PyModuleDef module = { PyModuleDef_HEAD_INIT, "_duelzygote", NULL, -1, methods };

PyMODINIT_FUNC PyInit__duelzygote(void) { return PyModule_Create(&module); }
