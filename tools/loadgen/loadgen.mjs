// ./duel bench load|chaos: bots against a running cluster, then invariant checks in SQL.
//   node loadgen.mjs --url URL --pg CONN --challenges DIR --battles N --duration S [--mode load|chaos|stress]
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Bot } from "./lib/bot.mjs";
import { Samples, Counters, printTable } from "./lib/stats.mjs";
import { checkInvariants } from "./lib/checks.mjs";

const args = parseArgs(process.argv.slice(2));
const battles = int(args.battles ?? "100", "--battles");
const duration = int(args.duration ?? "60", "--duration");
const mode = args.mode ?? "load";
if (!args.url || !args.pg) fail("--url and --pg are required");
if (!["load", "chaos", "stress"].includes(mode)) fail("--mode is load, chaos or stress");

const challenges = new Map();
for (const f of readdirSync(args.challenges).filter((f) => f.endsWith(".json"))) {
  const c = JSON.parse(readFileSync(join(args.challenges, f), "utf8"));
  challenges.set(c.slug, c);
}
const slugs = [...challenges.keys()].sort();

const ctx = {
  url: args.url,
  mode,
  typingMs: int(args["typing-ms"] ?? "3000", "--typing-ms"),
  matchTimeoutMs: 60_000,
  verdictTimeoutMs: 30_000,
  finishTimeoutMs: 30_000,
  samples: {
    match: new Samples("match"),
    code: new Samples("opponent code"),
    runVerdict: new Samples("run verdict (both)"),
    verdict: new Samples("submit verdict (both)"),
  },
  counters: new Counters(),
  errors: new Counters(),
  submissions: new Map(),
  battles: new Map(),
  // A pair of bots shares a queue (one per challenge, round robin) so they pair with each other.
  queueFor: (i) => slugs[Math.floor(i / 2) % slugs.length],
  challenge: (slug) => challenges.get(slug) ?? fail(`unknown challenge ${slug}`),
  battle(id) {
    if (!this.battles.has(id)) this.battles.set(id, { players: new Set(), arrivals: new Map(), seqToSub: new Map(), finishedSeqs: new Set() });
    return this.battles.get(id);
  },
  // LOADGEN_DEBUG=1: name every match slower than LOADGEN_SLOW_MS (1000), with its queue and timings.
  slowMatch: process.env.LOADGEN_DEBUG ? (bot, queue, status, joinedAt, answeredAt) => {
    const waited = performance.now() - joinedAt;
    if (waited <= Number(process.env.LOADGEN_SLOW_MS ?? 1000)) return;
    console.error(`slow match: bot ${bot.index} ${queue} ${status} answer ${(answeredAt - joinedAt).toFixed(0)} ms, ` +
      `matched ${waited.toFixed(0)} ms, battle ${bot.battleId}, at ${((joinedAt - started) / 1000).toFixed(1)} s`);
  } : null,
  error(kind, e) {
    // Under chaos, failures during the injected faults are expected and retried.
    (mode === "chaos" ? this.counters : this.errors).inc(mode === "chaos" ? `retried: ${kind}` : kind);
    if (process.env.LOADGEN_DEBUG && e) console.error(kind, e.message);
  },
};

// The bots' own delays count in every latency: report how late this process's loop ran.
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
const cpuStart = process.cpuUsage();
console.log(`${mode}: ${battles} battles (${battles * 2} bots) over ${duration} s against ${args.url}; queues: ${slugs.join(", ")}`);
const started = performance.now();
const runs = [];
const interval = (duration * 1000) / battles;
for (let b = 0; b < battles; b++) {
  for (const i of [2 * b, 2 * b + 1]) {
    runs.push(new Bot(ctx, i).play().catch((e) => { ctx.errors.inc(`bot failed: ${e.message.replace(/\d+/g, "N").slice(0, 60)}`); }));
  }
  const next = started + (b + 1) * interval;
  const wait = next - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  if (b % Math.max(1, Math.floor(battles / 10)) === 0) progress();
}
await Promise.all(runs);
const seconds = (performance.now() - started) / 1000;
progress();

const cpu = process.cpuUsage(cpuStart);
console.log(`\nfinished in ${seconds.toFixed(1)} s; load generator: ${((cpu.user + cpu.system) / 1e4 / seconds).toFixed(0)}% of one core, ` +
  `event-loop delay p50 ${(loopDelay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(1)} ms\n`);
console.log(printTable(Object.values(ctx.samples)));
console.log("\ncounts");
for (const [k, v] of ctx.counters.entries()) console.log(`  ${k.padEnd(40)} ${v}`);
const errorTotal = ctx.errors.entries().reduce((a, [, v]) => a + v, 0);
console.log(`errors: ${errorTotal}`);
for (const [k, v] of ctx.errors.entries()) console.log(`  ${k.padEnd(40)} ${v}`);

const lostVerdicts = [...ctx.submissions.entries()].filter(([, s]) => s.seenBy.size === 0).length;
console.log(`submissions without a verdict event at any player: ${lostVerdicts}`);
const decidedTwice = [...ctx.battles.values()].filter((b) => b.finishedSeqs.size > 1).length;
console.log(`battles announced as finished twice (want 0): ${decidedTwice}`);

const inv = await checkInvariants(args.pg, [...ctx.battles.keys()], [...ctx.submissions.keys()]);
console.log("\ninvariants (SQL)");
for (const line of inv.lines) console.log(`  ${line}`);

const code = ctx.samples.code.summary();
if (mode === "load") {
  console.log(`\nacceptance: opponent-code p99 ${code.p99.toFixed(1)} ms (goal ≤ 50): ${code.p99 <= 50 ? "met" : "NOT met"}; errors ${errorTotal} (goal 0): ${errorTotal === 0 ? "met" : "NOT met"}`);
}
const ok = inv.ok && decidedTwice === 0 && (mode === "chaos" ? true : errorTotal === 0);
console.log(ok ? "\nRESULT: ok" : "\nRESULT: FAILED");
process.exit(ok ? 0 : 1);

function progress() {
  const done = ctx.counters.get("bots done");
  console.log(`  [${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] bots done ${done}/${battles * 2}, battles ${ctx.battles.size}, errors ${ctx.errors.entries().reduce((a, [, v]) => a + v, 0)}`);
}

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith("--")) fail(`unexpected argument ${argv[i]}`);
    out[argv[i].slice(2)] = argv[i + 1];
    i++;
  }
  return out;
}

function int(s, name) {
  const n = Number(s);
  if (!Number.isInteger(n) || n <= 0) fail(`${name} must be a positive integer`);
  return n;
}

function fail(msg) {
  console.error(`loadgen: ${msg}`);
  process.exit(2);
}
