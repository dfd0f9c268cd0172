// The cost table: per component CPU seconds, CPU-ms per battle and share of a core over the
// measured window; the shared tiers' counters per battle; the predicted ceiling. The last line is
// for tools: `cost: total N cpu-ms per battle, postgres N, redis N, commits N per battle`.
import { cpuDelta } from "./procstat.mjs";

const TIERS = [
  ["web", /^web\d+$/, "web nodes (each with its silo)"],
  ["silo", /^silo\d+$/, "silos"],
  ["worker", /^worker\d+$/, "workers (with their sandboxes)"],
  ["postgres", /^postgres$/, "PostgreSQL (all backends)"],
  ["redis", /^redis$/, "Redis"],
  ["balancer", /^nginx$/, "balancer (nginx)"],
];
const tierOf = (name) => TIERS.find(([, re]) => re.test(name))?.[0] ?? name;

const num = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");
const int = (x) => (Number.isFinite(x) ? String(Math.round(x)) : "n/a");

// start, end: CostSampler readings; win: { battles, jobs } of the window. Options: cores of this
// machine, nginxWorkers (balancer worker processes), players (mean concurrent players, human pace).
export function costReport(start, end, win, { cores, nginxWorkers = 1, players = null } = {}) {
  const seconds = (end.at - start.at) / 1000;
  const battles = win.battles;
  const perBattle = (x) => (battles > 0 ? x / battles : NaN);
  const names = [...new Set([...Object.keys(start.cpu), ...Object.keys(end.cpu)])];
  const rows = names.map((name) => ({ name, tier: tierOf(name), ...cpuDelta(start.cpu[name], end.cpu[name]) }));
  const loadgen = (end.loadgen.user + end.loadgen.system - start.loadgen.user - start.loadgen.system) / 1e6;
  const total = rows.reduce((a, r) => a + (Number.isFinite(r.seconds) ? r.seconds : 0), 0);

  const lines = [`cost model: window ${num(seconds)} s, ${battles} battles finished (${num(battles / seconds, 2)}/s), ${cores} cores`];
  lines.push(`  ${"component".padEnd(24)}${"cpu s".padStart(9)}${"cpu-ms/battle".padStart(15)}${"% of a core".padStart(13)}`);
  const row = (label, s, note = "") =>
    lines.push(`  ${label.padEnd(24)}${num(s).padStart(9)}${num(perBattle(s * 1000), 0).padStart(15)}${num((s / seconds) * 100, 0).padStart(13)}${note ? `  (${note})` : ""}`);
  for (const r of rows) row(r.name, r.seconds, r.note);
  row("total", total);
  row("load generator", loadgen, "not in the total");

  // A server restarted in the window (chaos) starts its counters again: no figure rather than a wrong one.
  const restarted = !start.db || !end.db || start.db.postmaster !== end.db.postmaster;
  const counted = (from, to) => (Number.isFinite(from) && Number.isFinite(to) && to >= from ? to - from : NaN);
  const commits = restarted ? NaN : counted(start.db.commits, end.db.commits);
  const statements = restarted ? NaN : counted(start.db.statements, end.db.statements);
  const redisCalls = counted(start.redisCalls, end.redisCalls);
  const sent = end.counts.snapshotsSent - start.counts.snapshotsSent;
  const received = end.counts.snapshotsReceived - start.counts.snapshotsReceived;
  lines.push(`  postgres: ${num(perBattle(commits))} commits, ${num(perBattle(statements))} statements per battle` +
    ` (${num(commits / seconds, 0)} commits/s${Number.isFinite(statements) ? "" : "; statements need pg_stat_statements"})`);
  const top = topStatements(start.db, end.db, 6);
  if (top.length) lines.push("    most called (per battle):");
  for (const q of top) lines.push(`    ${num(perBattle(q.calls)).padStart(7)}  ${q.query}`);
  lines.push(`  redis: ${num(perBattle(redisCalls))} commands per battle (${num(redisCalls / seconds, 0)}/s)`);
  lines.push(`  per battle: ${num(perBattle(sent))} snapshots relayed (${num(perBattle(received))} delivered), ${num(perBattle(win.jobs))} judge jobs`);

  // One core per node (what adding a node buys); PostgreSQL gets the machine's cores, Redis one
  // thread, the balancer its worker processes.
  const ceilings = [];
  for (const [tier, , label] of TIERS) {
    const mine = rows.filter((r) => r.tier === tier);
    const s = mine.reduce((a, r) => a + (Number.isFinite(r.seconds) ? r.seconds : 0), 0);
    if (!mine.length || !(s > 0)) continue;
    const capacity = tier === "postgres" ? cores : tier === "redis" ? 1 : tier === "balancer" ? nginxWorkers : mine.length;
    ceilings.push({ tier, label, capacity, perSecond: (capacity * 1000) / perBattle(s * 1000) });
  }
  const machine = (cores * 1000) / perBattle(total * 1000);
  lines.push(`  ceiling on this machine: ${cores} cores ÷ ${num(perBattle(total * 1000), 0)} cpu-ms per battle = ${num(machine)} battles/s`);
  if (ceilings.length && battles > 0) {
    lines.push(`  ceiling per tier, one core per node: ${ceilings.map((c) => `${c.tier} (${c.capacity}) ${num(c.perSecond)}/s`).join(", ")}`);
    const first = ceilings.reduce((a, c) => (c.perSecond < a.perSecond ? c : a));
    lines.push(`  saturates first: ${first.label} at ${num(first.perSecond)} battles/s`);
  }
  if (players > 0) {
    const coresUsed = total / seconds;
    lines.push(`  per player: ${num((coresUsed / players) * 1000, 2)} cores per 1000 players (mean ${int(players)} held); ` +
      `ceiling on this machine ≈ ${int((players * cores) / coresUsed)} players (cores ÷ CPU per player)`);
  }
  const pgRow = rows.find((r) => r.name === "postgres");
  const redisRow = rows.find((r) => r.name === "redis");
  lines.push(`cost: total ${int(perBattle(total * 1000))} cpu-ms per battle, postgres ${int(perBattle((pgRow?.seconds ?? NaN) * 1000))}, ` +
    `redis ${int(perBattle((redisRow?.seconds ?? NaN) * 1000))}, commits ${int(perBattle(commits))} per battle`);
  return { lines, perBattleMs: perBattle(total * 1000), seconds, battles };
}

// The statements called most often in the window (pg_stat_statements), most first. The reset a
// pooled connection gets when reused (DISCARD ALL, or CLOSE ALL … DISCARD TEMP when it holds
// prepared statements) is one group: seven statements each.
const RESET = /^(DISCARD (ALL|SEQUENCES|TEMP)|CLOSE ALL|UNLISTEN \*|RESET ALL|SET SESSION AUTHORIZATION DEFAULT|SELECT pg_advisory_unlock_all\(\))$/;
function topStatements(before, after, n) {
  if (!before?.queries || !after?.queries) return [];
  const groups = new Map();
  for (const [id, q] of after.queries) {
    const calls = q.calls - (before.queries.get(id)?.calls ?? 0);
    const key = RESET.test(q.query.trim()) ? "(connection reset on reuse from the pool: DISCARD, CLOSE ALL, RESET ALL, UNLISTEN …)" : q.query;
    if (calls > 0) groups.set(key, (groups.get(key) ?? 0) + calls);
  }
  return [...groups].map(([query, calls]) => ({ query, calls })).sort((a, b) => b.calls - a.calls).slice(0, n);
}
