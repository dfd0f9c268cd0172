// ./duel bench load|chaos: bots against a running cluster, then invariant checks in SQL and the
// cost table (tools/loadgen/lib/costreport.mjs).
//   node loadgen.mjs --url URL --pg CONN --challenges DIR [--cluster-dir D] [--redis CONF]
//     --battles N --duration S [--mode load|chaos|stress]          burst: N battles over S seconds
//     --pace human --players N --duration S [--find-max] [--battle-minutes 4-8]   (lib/humanrun.mjs)
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Bot } from "./lib/bot.mjs";
import { loadChallenges, makeContext } from "./lib/context.mjs";
import { printOutcome } from "./lib/report.mjs";
import { CostSampler, nginxWorkers } from "./lib/cost.mjs";
import { costReport } from "./lib/costreport.mjs";
import { runHuman } from "./lib/humanrun.mjs";
import { loopDelayText } from "./lib/stats.mjs";

const args = parseArgs(process.argv.slice(2));
const mode = args.mode ?? "load";
const pace = args.pace ?? "burst";
if (!args.url || !args.pg) fail("--url and --pg are required");
if (!["load", "chaos", "stress"].includes(mode)) fail("--mode is load, chaos or stress");
if (!["burst", "human"].includes(pace)) fail("--pace is burst or human");
const challenges = loadChallenges(args.challenges);
let ctx = null;
const sampler = new CostSampler({
  clusterDir: args["cluster-dir"], pg: args.pg, redis: args.redis,
  counts: () => ({ snapshotsSent: ctx?.counters.get("code sent") ?? 0, snapshotsReceived: ctx?.counters.get("code received") ?? 0 }),
});
const costOptions = { cores: sampler.cores, nginxWorkers: nginxWorkers(args["cluster-dir"]) };

if (pace === "human") {
  if (mode !== "load") fail("--pace human runs in load mode only");
  process.exit(await runHuman({ args, challenges, sampler, costOptions, int, fail, setContext: (c) => { ctx = c; } }));
}

const battles = int(args.battles ?? "100", "--battles");
const duration = int(args.duration ?? "60", "--duration");
const started = performance.now();
ctx = makeContext({ url: args.url, mode, challenges, typingMs: int(args["typing-ms"] ?? "3000", "--typing-ms"), started });
// The bots' own delays count in every latency: report how late this process's loop ran.
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
console.log(`${mode}: ${battles} battles (${battles * 2} bots) over ${duration} s against ${args.url}; queues: ${ctx.slugs.join(", ")}`);
const costStart = await sampler.sample();
const runs = [];
const interval = (duration * 1000) / battles;
for (let b = 0; b < battles; b++) {
  for (const i of [2 * b, 2 * b + 1]) {
    runs.push(new Bot(ctx, i).play().catch((e) => { ctx.errors.inc(`bot failed: ${e.message.replace(/\bb-[0-9a-f]+/g, "b-…").replace(/\d+/g, "N").slice(0, 60)}`); }));
  }
  const next = started + (b + 1) * interval;
  const wait = next - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  if (b % Math.max(1, Math.floor(battles / 10)) === 0) progress();
}
await Promise.all(runs);
const costEnd = await sampler.sample();
const seconds = (performance.now() - started) / 1000;
progress();

const cpu = process.cpuUsage();
console.log(`\nfinished in ${seconds.toFixed(1)} s; load generator: ${((cpu.user + cpu.system) / 1e4 / seconds).toFixed(0)}% of one core, ` +
  `${loopDelayText(loopDelay)}\n`);
const out = await printOutcome(ctx, args.pg);
const code = ctx.samples.code.summary();
if (mode === "load") {
  console.log(`\nacceptance: opponent-code p99 ${code.p99.toFixed(1)} ms (goal ≤ 50): ${code.p99 <= 50 ? "met" : "NOT met"}; errors ${out.errorTotal} (goal 0): ${out.errorTotal === 0 ? "met" : "NOT met"}`);
}
// Chaos too: players must ride out the faults (clients heal themselves), not only the data stay right,
// and both players see every verdict. (Under an overload a verdict can come after a bot stopped waiting:
// the latencies show that, so the load modes only print the counts.)
const everyVerdictSeen = out.lostVerdicts === 0 && out.halfSeenBothIn === 0;
const ok = out.invariantsOk && out.decidedTwice === 0 && out.errorTotal === 0 && (mode !== "chaos" || everyVerdictSeen);
console.log(ok ? "\nRESULT: ok" : "\nRESULT: FAILED");
// Last, so that its final line is the run's last line.
console.log("");
for (const line of costReport(costStart, costEnd, await sampler.window(costStart, costEnd), costOptions).lines) console.log(line);
process.exit(ok ? 0 : 1);

function progress() {
  const done = ctx.counters.get("bots done");
  console.log(`  [${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] bots done ${done}/${battles * 2}, battles ${ctx.battles.size}, errors ${ctx.errorTotal()}`);
}

// --name value; a flag followed by another flag (or nothing) is true.
function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith("--")) fail(`unexpected argument ${argv[i]}`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith("--")) out[argv[i].slice(2)] = "true";
    else { out[argv[i].slice(2)] = value; i++; }
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
