// Latency samples and counters, printed as p50 / p95 / p99.
export class Samples {
  constructor(name) { this.name = name; this.values = []; }
  add(ms) { if (Number.isFinite(ms)) this.values.push(ms); }
  summary() {
    const v = [...this.values].sort((a, b) => a - b);
    const at = (p) => (v.length ? v[Math.min(v.length - 1, Math.ceil((p / 100) * v.length) - 1)] : NaN);
    return { name: this.name, count: v.length, p50: at(50), p95: at(95), p99: at(99), max: v.length ? v[v.length - 1] : NaN };
  }
}

export class Counters {
  constructor() { this.map = new Map(); }
  inc(name, by = 1) { this.map.set(name, (this.map.get(name) ?? 0) + by); }
  get(name) { return this.map.get(name) ?? 0; }
  entries() { return [...this.map.entries()].sort(([a], [b]) => a.localeCompare(b)); }
}

const fmt = (x) => (Number.isFinite(x) ? x.toFixed(1).padStart(9) : "        -");

export function printTable(samples) {
  const lines = [`${"latency (ms)".padEnd(28)}${"count".padStart(8)}${"p50".padStart(9)}${"p95".padStart(9)}${"p99".padStart(9)}${"max".padStart(9)}`];
  for (const s of samples.map((x) => x.summary())) {
    lines.push(`${s.name.padEnd(28)}${String(s.count).padStart(8)}${fmt(s.p50)}${fmt(s.p95)}${fmt(s.p99)}${fmt(s.max)}`);
  }
  return lines.join("\n");
}

// The bots' own delays count in every latency: how late this process's event loop ran.
export function loopDelayText(histogram) {
  const ms = (ns) => (ns / 1e6).toFixed(1);
  return `event-loop delay p50 ${ms(histogram.percentile(50))} ms, p99 ${ms(histogram.percentile(99))} ms, max ${ms(histogram.max)} ms`;
}
