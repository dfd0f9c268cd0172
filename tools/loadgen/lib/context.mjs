// The run context the bots share: challenges, latency samples, counters, battles seen.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Samples, Counters } from "./stats.mjs";

export function loadChallenges(dir) {
  const challenges = new Map();
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
    const c = JSON.parse(readFileSync(join(dir, f), "utf8"));
    challenges.set(c.slug, c);
  }
  return challenges;
}

export function makeContext({ url, mode, challenges, typingMs, started }) {
  const slugs = [...challenges.keys()].sort();
  return {
    url,
    mode,
    slugs,
    typingMs,
    matchTimeoutMs: 60_000,
    verdictTimeoutMs: 30_000,
    finishTimeoutMs: 30_000,
    samples: {
      match: new Samples(mode === "human" ? "match (after both joined)" : "match"),
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
    challenge(slug) {
      const c = challenges.get(slug);
      if (!c) throw new Error(`unknown challenge ${slug}`);
      return c;
    },
    battle(id) {
      if (!this.battles.has(id)) this.battles.set(id, { players: new Set(), arrivals: [], judged: [], finishedSeqs: new Set(), leftAt: new Map(), joins: [] });
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
    errorTotal() { return this.errors.entries().reduce((a, [, v]) => a + v, 0); },
  };
}
