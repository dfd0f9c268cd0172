// --pace human: N players (lib/human.mjs) ramped up over the first minute, kept for --duration;
// the cost model measures from the end of the ramp to the end. --find-max steps N by --step
// (1000) up to --players (10000) and reports the largest N that met the goals. A run of 20 minutes
// or more is a soak: every node's resident memory must stay within 10 % of its minute-5 value.
import { HumanBot } from "./human.mjs";
import { makeContext } from "./context.mjs";
import { Samples, loopDelayText } from "./stats.mjs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { printOutcome } from "./report.mjs";
import { costReport } from "./costreport.mjs";
import { RssWatch } from "./rss.mjs";

const SOAK_S = 1200;

const sleepUntil = (t) => new Promise((r) => setTimeout(r, Math.max(0, t - performance.now())));

export async function runHuman({ args, challenges, sampler, costOptions, int, fail, setContext }) {
  const duration = int(args.duration ?? "600", "--duration");
  const range = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(args["battle-minutes"] ?? "4-8");
  if (!range || Number(range[1]) > Number(range[2])) fail("--battle-minutes wants LO-HI (minutes), e.g. 4-8");
  const plan = { battleMs: [Number(range[1]) * 60_000, Number(range[2]) * 60_000] };
  const one = (n) => humanRun({ n, duration, plan, args, challenges, sampler, costOptions, setContext });
  if (args["find-max"] !== "true") {
    const r = await one(int(args.players ?? "1000", "--players"));
    console.log(r.costLines.join("\n"));
    console.log(`capacity: ${r.held} concurrent players held`);
    return r.ok ? 0 : 1;
  }
  const step = int(args.step ?? "1000", "--step");
  const max = int(args.players ?? "10000", "--players");
  const steps = [];
  for (let n = step; n <= max; n += step) {
    console.log(`\n===== find-max: ${n} players =====`);
    const r = await one(n);
    console.log(r.costLines.join("\n"));
    steps.push({ n, ...r });
    if (!r.met) break;
  }
  const best = steps.filter((s) => s.met).at(-1);
  console.log("\nfind-max");
  for (const s of steps) console.log(`  ${String(s.n).padStart(6)} players: ${s.met ? "goals met" : `NOT met (${s.missed.join("; ")})`}; ${s.costLines.at(-1)}`);
  console.log((best ?? steps.at(-1)).costLines.at(-1));
  console.log(`capacity: ${best ? best.held : 0} concurrent players held`);
  return best ? 0 : 1;
}

async function humanRun({ n, duration, plan, args, challenges, sampler, costOptions, setContext }) {
  const started = performance.now();
  const ctx = makeContext({ url: args.url, mode: "human", challenges, typingMs: 0, started });
  ctx.samples.widened = new Samples("match, window widened (info)");
  ctx.samples.queueWait = new Samples("queue wait (info)");
  ctx.matchWindow = Number(args["match-window"] ?? 200); // Duel:Matchmaking:InitialWindow
  ctx.queues = [...ctx.slugs, "any"];
  ctx.live = { connected: 0, queued: 0, inBattle: 0 };
  ctx.stopped = false;
  let stop;
  ctx.stopping = new Promise((r) => { stop = r; });
  setContext(ctx);
  const rss = duration > 360 ? new RssWatch(() => sampler.nodePids()) : null;
  const rampMs = Math.min(60_000, (duration * 1000) / 3);
  const endAt = started + duration * 1000;
  console.log(`human: ${n} players for ${duration} s (ramp-up ${(rampMs / 1000).toFixed(0)} s, battles of ` +
    `${plan.battleMs.map((m) => m / 60_000).join("–")} min) against ${args.url}; queues: a random one of ${ctx.queues.length}`);

  // Concurrency seen every 5 s after the ramp; a progress line every 30 s.
  const seen = { players: [], battles: [] };
  let last = { at: started, sent: 0, judged: 0 };
  const monitor = setInterval(() => {
    const now = performance.now();
    if (now >= started + rampMs && now <= endAt) {
      seen.players.push(ctx.live.connected);
      seen.battles.push(ctx.live.inBattle / 2);
    }
    if (Math.round((now - started) / 5000) % 6 !== 0) return;
    const sent = ctx.counters.get("code sent"), judged = ctx.counters.get("run sent") + ctx.counters.get("submit sent");
    const dt = (now - last.at) / 1000;
    console.log(`  [${((now - started) / 1000).toFixed(0).padStart(4)} s] players ${ctx.live.connected} (queued ${ctx.live.queued}, ` +
      `in battles ${ctx.live.inBattle}), snapshots ${((sent - last.sent) / dt).toFixed(0)}/s, judge requests ${((judged - last.judged) / dt).toFixed(1)}/s, errors ${ctx.errorTotal()}`);
    last = { at: now, sent, judged };
  }, 5000);

  const bots = [];
  for (let i = 0; i < n; i++) {
    bots.push(new HumanBot(ctx, i, plan).live().catch((e) => ctx.errors.inc(`bot failed: ${e.message.replace(/\bb-[0-9a-f]+/g, "b-…").replace(/\d+/g, "N").slice(0, 60)}`)));
    await sleepUntil(started + ((i + 1) * rampMs) / n);
  }
  await sleepUntil(started + rampMs);
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const costStart = await sampler.sample();
  await sleepUntil(endAt);
  const costEnd = await sampler.sample();
  loopDelay.disable();
  const memory = rss?.stop();
  // Wind-down: queued players leave, players in a battle forfeit it, everyone disconnects.
  ctx.stopped = true;
  stop();
  clearInterval(monitor);
  await Promise.race([Promise.all(bots), new Promise((r) => setTimeout(r, 120_000))]);
  const win = await sampler.window(costStart, costEnd);
  const windowS = (costEnd.at - costStart.at) / 1000;

  console.log(`\nfinished in ${((performance.now() - started) / 1000).toFixed(1)} s; measured window ${windowS.toFixed(0)} s (after the ramp-up); load generator ${loopDelayText(loopDelay)}`);
  const mean = (a) => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : 0);
  const span = (a) => (a.length ? `min ${Math.min(...a)}, mean ${mean(a).toFixed(0)}, max ${Math.max(...a)}` : "-");
  console.log(`concurrent players: ${span(seen.players)}; concurrent battles: ${span(seen.battles)}`);
  console.log(`snapshots: ${((costEnd.counts.snapshotsSent - costStart.counts.snapshotsSent) / windowS).toFixed(0)}/s relayed; ` +
    `judge jobs: ${(win.jobs / windowS).toFixed(1)}/s; battles finished: ${(win.battles / windowS).toFixed(2)}/s\n`);
  if (memory) console.log(memory.lines.join("\n") + "\n");
  const out = await printOutcome(ctx, args.pg);

  // A latency nobody measured (e.g. no run in battles shorter than a minute) is no failure.
  const p99 = (name, s, goal) => {
    const { p99: v, count } = s.summary();
    return count ? [`${name} p99 ${v.toFixed(0)} ms ≤ ${goal}`, v <= goal] : [`${name} (no samples)`, true];
  };
  const goals = [
    p99("opponent code", ctx.samples.code, 50),
    p99("match", ctx.samples.match, 500),
    p99("run verdict", ctx.samples.runVerdict, 1000),
    p99("submit verdict", ctx.samples.verdict, 2000),
    [`errors ${out.errorTotal} = 0`, out.errorTotal === 0],
    ["invariants", out.invariantsOk && out.decidedTwice === 0],
  ];
  if (duration >= SOAK_S) goals.push(["every node's memory within 10 % of minute 5", memory.ok]);
  const missed = goals.filter(([, ok]) => !ok).map(([label]) => label);
  console.log(`\ngoals: ${goals.map(([label, ok]) => `${label} ${ok ? "met" : "NOT met"}`).join("; ")}`);
  const ok = out.invariantsOk && out.decidedTwice === 0 && out.errorTotal === 0;
  console.log(ok ? "\nRESULT: ok" : "\nRESULT: FAILED");
  const met = missed.length === 0;
  const costLines = ["", ...costReport(costStart, costEnd, win, { ...costOptions, players: mean(seen.players) }).lines];
  return { ok, met, missed, held: met && seen.players.length ? Math.min(...seen.players) : 0, costLines };
}
