// CPU time of process trees from /proc (Linux): what the cost model samples at the start and the
// end of the measured window.
import { readFileSync, readdirSync } from "node:fs";
import { execFileSync } from "node:child_process";

// Clock ticks per second of /proc/<pid>/stat (100 on every Linux we run on; asked once anyway).
export const CLK_TCK = (() => {
  try { return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100; } catch { return 100; }
})();

// One line of /proc/<pid>/stat. The command name may hold spaces and parentheses, so the fields
// are counted from the last ')'. Ticks = utime + stime + cutime + cstime: a process's own time
// plus that of the children it has reaped (a worker's finished sandboxes, a postmaster's exited
// backends).
export function parseStat(line) {
  const close = line.lastIndexOf(")");
  const pid = Number(line.slice(0, line.indexOf(" ")));
  const comm = line.slice(line.indexOf("(") + 1, close);
  const f = line.slice(close + 2).split(" "); // f[0] is field 3 (state)
  const [utime, stime, cutime, cstime] = [f[11], f[12], f[13], f[14]].map(Number);
  return { pid, comm, ppid: Number(f[1]), ticks: utime + stime + cutime + cstime, starttime: Number(f[19]) };
}

// Every process now: pid -> { pid, comm, ppid, ticks, starttime }.
export function readProcesses(root = "/proc") {
  const procs = new Map();
  for (const name of readdirSync(root)) {
    if (!/^\d+$/.test(name)) continue;
    try { const p = parseStat(readFileSync(`${root}/${name}/stat`, "utf8")); procs.set(p.pid, p); } catch { /* exited meanwhile */ }
  }
  return procs;
}

// Ticks of a process and of all its live descendants. A reaped child is in its parent's cutime
// and no longer listed, a live one is listed and not yet in cutime: nothing is counted twice.
// Returns null when the process is gone. `start` (its starttime) tells a restarted node apart.
export function treeTicks(procs, pid) {
  const root = procs.get(pid);
  if (!root) return null;
  const children = new Map();
  for (const p of procs.values()) {
    if (!children.has(p.ppid)) children.set(p.ppid, []);
    children.get(p.ppid).push(p.pid);
  }
  let ticks = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop();
    ticks += procs.get(p).ticks;
    stack.push(...(children.get(p) ?? []));
  }
  return { ticks, start: root.starttime };
}

// CPU seconds between two readings of one component; a node restarted in between (chaos) counts
// only its new process's time, and is marked so.
export function cpuDelta(before, after) {
  if (!after) return { seconds: NaN, note: "gone" };
  if (!before || before.start !== after.start) return { seconds: after.ticks / CLK_TCK, note: "restarted" };
  return { seconds: (after.ticks - before.ticks) / CLK_TCK, note: "" };
}
