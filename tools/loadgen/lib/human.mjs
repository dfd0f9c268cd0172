// A player at a human pace (./duel bench load --pace human): connected the whole run; queues for a
// random challenge; in a battle types (a snapshot every ~2 s), runs every ~60 s and submits three
// times over a 4–8 minute battle (wrong, wrong, right); queues again 5–15 s after the result.
import { api } from "./api.mjs";
import { Bot } from "./bot.mjs";

const between = (lo, hi) => lo + Math.random() * (hi - lo);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class HumanBot extends Bot {
  // plan: { battleMs: [lo, hi] }; ctx.stopping (a promise) resolves when the run's time is up.
  constructor(ctx, index, plan) {
    super(ctx, index);
    this.plan = plan;
    this.queue = null;
  }

  async live() {
    const { ctx } = this;
    await this.retry("guest", () => api.guest(this.session));
    await this.connectHub();
    ctx.live.connected++;
    try {
      while (!ctx.stopped) {
        if (!(await this.queueForBattle())) break;
        await this.playBattle();
        ctx.counters.inc("battles played (per bot)");
        await this.nap(between(5_000, 15_000));
      }
    } finally {
      ctx.live.connected--;
      await this.hub.stop().catch(() => {});
    }
  }

  // Joins a random queue (a challenge or "any") and waits as long as it takes; false when the run
  // ended first (the bot then leaves the queue).
  async queueForBattle() {
    const { ctx } = this;
    if (this.battleId) this.leave();
    Object.assign(this, { battleId: null, finished: null, pending: null, seenSeq: 0 });
    this.queue = ctx.queues[Math.floor(Math.random() * ctx.queues.length)];
    const matched = new Promise((resolve) => { this.matchedWaiter = resolve; });
    const joinedAt = performance.now();
    ctx.live.queued++;
    try {
      const joined = await this.retry("join", () => api.join(this.session, this.queue));
      let id = joined?.battleId ?? (await Promise.race([matched, ctx.stopping.then(() => null)]));
      if (!id) {
        const left = await this.retry("leave", () => api.leave(this.session, this.queue)).catch(() => null);
        // Paired a moment before leaving: play it (the wind-down forfeits it at once).
        if (left?.status !== "Left") id = await Promise.race([matched, sleep(5_000).then(() => null)]);
        if (!id) return false;
      }
      this.battleId = id;
    } finally {
      ctx.live.queued--;
    }
    this.matchedWaiter = null;
    const matchedAt = performance.now();
    ctx.samples.queueWait.add(matchedAt - joinedAt);
    const b = ctx.battle(this.battleId);
    b.players.add(this);
    b.joins.push({ joinedAt, matchedAt });
    return true;
  }

  // Server-side pairing time: from the later of the two joins to each player learning of it —
  // for pairs within the initial rating window, which pair at once. Pairs further apart wait
  // for the window to widen (every 5 s): the product's rule, not its latency.
  pairing(b, players) {
    if (players?.length === 2) b.gap = Math.abs(players[0].rating - players[1].rating);
    if (b.joins.length !== 2 || b.gap === undefined || b.paired) return;
    b.paired = true;
    const last = Math.max(b.joins[0].joinedAt, b.joins[1].joinedAt);
    const samples = b.gap <= this.ctx.matchWindow ? this.ctx.samples.match : this.ctx.samples.widened;
    for (const j of b.joins) samples.add(j.matchedAt - last);
  }

  async playBattle() {
    const { ctx } = this;
    ctx.live.inBattle++;
    this.done = new Promise((resolve) => { this.doneResolve = resolve; });
    try {
      await this.joinBattle();
      const state = await this.retry("battle", () => api.battle(this.session, this.battleId));
      this.pairing(ctx.battle(this.battleId), state.players);
      const challenge = ctx.challenge(state.challenge);
      const typing = this.typeAlong(challenge);
      const wrong = challenge.wrong.length ? challenge.wrong : [challenge.starter];
      for (const step of this.schedule(challenge, wrong)) {
        await this.nap(step.at - performance.now());
        if (this.isFinished() || ctx.stopped) break;
        // Only the right answer is sent again while the previous verdict is out: only then the battle can end.
        await this.judgeUntilTaken(step.kind, step.code, step.last ? Infinity : 1);
      }
      // The winning verdict may be slow under load; the latencies show it. At the run's end the
      // battle is forfeited instead.
      while (!this.isFinished() && !ctx.stopped) {
        await this.nap(30_000);
        if (this.isFinished() || ctx.stopped) break;
        // A missed event must not park the player: the state says whether it is over.
        const s = await this.retry("battle", () => api.battle(this.session, this.battleId));
        if (s.phase === "finished") { ctx.counters.inc("finish seen by polling"); this.finished = { seq: s.seq }; break; }
      }
      if (ctx.stopped && !this.isFinished()) await this.forfeit();
      if (this.isFinished()) this.doneResolve();
      await this.finishOrPoll(this.done);
      await typing;
    } finally {
      ctx.live.inBattle--;
      this.done = null; // the pause before the next queue must not wake on this battle's end
    }
  }

  // Runs every ~60 s; submissions at a third, two thirds and the end of this player's battle.
  schedule(challenge, wrong) {
    const now = performance.now();
    const length = between(...this.plan.battleMs);
    const steps = [
      { at: now + length / 3, kind: "submit", code: wrong[0] },
      { at: now + (2 * length) / 3, kind: "submit", code: wrong[1 % wrong.length] },
      { at: now + length, kind: "submit", code: challenge.reference, last: true },
    ];
    for (let t = between(50_000, 70_000); t < length; t += between(50_000, 70_000)) {
      steps.push({ at: now + t, kind: "run", code: challenge.reference });
    }
    return steps.sort((a, b) => a.at - b.at);
  }

  // A snapshot every ~2 s until the battle ends, growing line by line like an editor.
  async typeAlong(challenge) {
    const lines = challenge.reference.split("\n");
    for (let i = 0; !this.isFinished() && !this.ctx.stopped; i++) {
      const now = Date.now();
      const code = `${lines.slice(0, 1 + (i % lines.length)).join("\n")}\n# ts=${now} bot=${this.index}\n`;
      try {
        const reply = await this.hub.invoke("SendCode", this.battleId, now, code);
        if (reply?.status && reply.status !== "ok" && reply.status !== "accepted") this.ctx.counters.inc(`code ${reply.status}`);
        else this.ctx.counters.inc("code sent");
      } catch {
        this.ctx.error("SendCode");
      }
      await this.nap(between(1_500, 2_500));
    }
  }

  async forfeit() {
    try {
      await this.retry("forfeit", () => api.forfeit(this.session, this.battleId));
      this.ctx.counters.inc("forfeited at the end of the run");
    } catch (e) {
      if (e?.status !== 409) throw e; // the opponent forfeited or won a moment ago
    }
  }

  sawEnd(e, counter) {
    super.sawEnd(e, counter);
    this.doneResolve?.();
  }

  // Sleeps, but wakes when the battle ends or the run's time is up.
  nap(ms) {
    if (ms <= 0) return Promise.resolve();
    let timer;
    return Promise.race([
      Number.isFinite(ms) ? new Promise((r) => { timer = setTimeout(r, ms); }) : new Promise(() => {}), this.done ?? new Promise(() => {}), this.ctx.stopping,
    ]).finally(() => clearTimeout(timer));
  }
}
