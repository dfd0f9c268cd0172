// Resident memory of every node over a long run (the soak of docs/operations.md): each node's
// VmRSS from /proc every 10 s. The reference is minute 5 (start-up, JIT and the ramp are behind
// it); a node whose memory still grows after that leaks, or holds what it should let go.
import { readFileSync } from "node:fs";

const PERIOD_MS = 10_000;

// VmRSS of one process in MB, or null when it is gone.
export function rssMb(pid, root = "/proc") {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`${root}/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export class RssWatch {
  // nodePids(): [[name, pid], ...] as the cost sampler reads them; referenceMs: when, after start,
  // the reference reading is taken.
  constructor(nodePids, { referenceMs = 5 * 60_000 } = {}) {
    this.nodePids = nodePids;
    this.referenceMs = referenceMs;
    this.started = performance.now();
    this.nodes = new Map(); // name -> { pid, reference, last, max }
    this.timer = setInterval(() => this.read(), PERIOD_MS);
  }

  read() {
    const afterReference = performance.now() - this.started >= this.referenceMs;
    for (const [name, pid] of this.nodePids()) {
      const mb = rssMb(pid);
      if (mb === null) continue;
      const node = this.nodes.get(name);
      // A restarted node (new pid) starts over: its old reading says nothing about the new process.
      if (!node || node.pid !== pid) {
        this.nodes.set(name, { pid, reference: afterReference ? mb : null, last: mb, max: afterReference ? mb : 0 });
        continue;
      }
      node.last = mb;
      if (!afterReference) continue;
      node.reference ??= mb;
      node.max = Math.max(node.max, mb);
    }
  }

  // Lines for the report and whether every node stayed within `limit` (0.10) of its reference.
  stop(limit = 0.1) {
    clearInterval(this.timer);
    this.read();
    const lines = ["resident memory (MB)        minute 5        end        max   max vs minute 5"];
    let ok = true;
    for (const [name, n] of this.nodes) {
      if (n.reference === null) {
        lines.push(`  ${name.padEnd(22)} (no reading after minute 5)`);
        continue;
      }
      const growth = n.max / n.reference - 1;
      ok &&= growth <= limit;
      lines.push(`  ${name.padEnd(22)} ${n.reference.toFixed(0).padStart(9)} ${n.last.toFixed(0).padStart(10)} ` +
        `${n.max.toFixed(0).padStart(10)} ${(growth >= 0 ? "+" : "") + (growth * 100).toFixed(1).padStart(6)} %`);
    }
    const measured = [...this.nodes.values()].some((n) => n.reference !== null);
    return { lines, ok: measured && ok, measured };
  }
}
