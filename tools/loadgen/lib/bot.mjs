// One player: registers, queues, types at a human rate, runs once, submits a wrong then the
// right solution, and records what it sees. Shared state lives in the run context `ctx`.
import { api, hubFor } from "./api.mjs";
import { Session, HttpError } from "./http.mjs";
import { readEvent } from "./events.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const JUDGE_GAP_MS = 2300; // the web allows one run/submit per 2 s per player, counted on arrival

export class Bot {
  constructor(ctx, index) {
    this.ctx = ctx;
    this.index = index;
    this.session = new Session(ctx.url);
    this.battleId = null;
    this.lastJudgeAt = 0;
    this.pending = null; // { id, kind, resolve }: the run or submission awaiting its verdict
    this.finished = null;
    this.seenSeq = 0; // the battle's latest seq this player was shown
    this.matchedWaiter = null;
  }

  async play() {
    const { ctx } = this;
    await this.retry("guest", () => api.guest(this.session));
    await this.connectHub();
    const queue = ctx.queueFor(this.index);
    const joinedAt = performance.now();
    const matched = new Promise((resolve) => { this.matchedWaiter = resolve; });
    const joined = await this.retry("join", () => api.join(this.session, queue));
    const answeredAt = performance.now();
    this.battleId = joined?.battleId ?? (await this.withTimeout(this.awaitMatch(matched, queue), ctx.matchTimeoutMs, "match"));
    ctx.samples.match.add(performance.now() - joinedAt);
    ctx.slowMatch?.(this, queue, joined?.status, joinedAt, answeredAt);
    ctx.battle(this.battleId).players.add(this);
    await this.joinBattle();
    const state = await this.retry("battle", () => api.battle(this.session, this.battleId));
    const challenge = ctx.challenge(state.challenge);

    await this.type(challenge, ctx.typingMs);
    await this.judge("run", challenge.reference);
    await this.judge("submit", challenge.wrong[0]);
    if (!this.isFinished()) await this.judgeUntilTaken("submit", challenge.reference, 30);
    await this.finishOrPoll(this.finishedPromise());
    ctx.counters.inc("bots done");
    this.leave();
    await this.hub.stop();
  }

  async connectHub() {
    this.hub = hubFor(this.session);
    this.hub.on("code", (m) => this.onCode(m));
    this.hub.on("battle", (m) => this.onBattle(m));
    this.hub.on("matched", (m) => this.matchedWaiter?.(m.battleId));
    this.hub.on("matchFound", (m) => this.matchedWaiter?.(m.battleId));
    this.hub.onreconnecting(() => this.ctx.counters.inc("hub reconnecting"));
    this.hub.onreconnected(async () => {
      this.ctx.counters.inc("hub reconnected");
      if (this.battleId) await this.rejoin().catch(() => this.ctx.error("rejoin"));
    });
    this.hub.onclose((e) => { if (e) this.ctx.error("hub closed"); });
    await this.retry("hub start", () => this.hub.start());
  }

  // The hub's matchFound, or, when it has not come within a few seconds (the node holding the
  // connection died, Redis restarted), the queue's own answer: joining again says "Already queued"
  // or names the battle the player is in. A browser's queue page heals the same way.
  async awaitMatch(matched, queue) {
    for (;;) {
      const id = await Promise.race([matched, sleep(5000).then(() => null)]);
      if (id) return id;
      try {
        const again = await api.join(this.session, queue);
        if (again?.battleId) { this.ctx.counters.inc("match seen by polling"); return again.battleId; }
      } catch (e) {
        let body = null;
        try { body = e instanceof HttpError ? JSON.parse(e.body) : null; } catch { body = null; }
        if (body?.battleId) { this.ctx.counters.inc("match seen by polling"); return body.battleId; }
      }
    }
  }

  // A node dying mid-call fails the invoke; the reconnecting hub (or a retry) reaches a live one.
  async joinBattle() {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.hub.invoke("JoinBattle", this.battleId);
      } catch (e) {
        if (attempt >= 8) throw e;
        this.ctx.counters.inc("retried: JoinBattle");
        await sleep(Math.min(5000, 250 * 2 ** attempt));
        if (this.hub.state === "Disconnected") await this.hub.start().catch(() => {});
      }
    }
  }

  onCode(m) {
    if (m.battleId !== this.battleId) return;
    const ts = /# ts=(\d+) bot=(\d+)/.exec(m.code ?? "");
    if (!ts) return;
    // The hub sends a player's code to the others in the battle only (DuelHub.MirrorGroup).
    if (Number(ts[2]) === this.index) return this.ctx.counters.inc("own code echoed back (want 0)");
    this.ctx.samples.code.add(Date.now() - Number(ts[1]));
    this.ctx.counters.inc("code received");
  }

  onBattle(m) {
    const e = readEvent(m);
    if (!e || e.battleId !== this.battleId) return;
    // Every push is the whole panel at its seq: it shows every verdict up to there. A resync push (the
    // event bus was out) also shows the end; its seq is the battle's latest, not a "finished" event's.
    if (e.type === "resync") this.ctx.counters.inc("resync pushes received");
    this.sawPanel(e.seq, e.type === "verdict" || e.type === "resync");
    if (e.type === "finished") {
      // Distinct seqs of "finished" seen by either player: two would mean the battle was decided twice.
      this.ctx.battle(this.battleId).finishedSeqs.add(e.seq);
      this.sawEnd(e);
    } else if (e.type === "resync" && e.finished) this.sawEnd(e, "finish seen by resync");
  }

  // Back on the hub after a node died: a browser compares JoinBattle's seq with its panel and
  // re-fetches the panel past a gap (battle.js, join); the bot takes what that panel shows as seen.
  async rejoin() {
    const reply = await this.joinBattle();
    if (!(reply?.seq > this.seenSeq)) return;
    this.ctx.counters.inc("gap healed on rejoin");
    this.sawPanel(reply.seq, true);
    const s = await this.retry("battle", () => api.battle(this.session, this.battleId));
    if (s.phase === "finished") this.sawEnd({ seq: reply.seq }, "finish seen on rejoin");
  }

  // This player was shown the battle at `seq`, so every verdict up to there; `judged` when the push
  // may carry the verdict the bot waits for.
  sawPanel(seq, judged) {
    this.seenSeq = Math.max(this.seenSeq, seq);
    const b = this.ctx.battle(this.battleId);
    const at = performance.now();
    for (const sub of b.judged) if (sub.seq <= seq) sub.record(this.index, at);
    b.arrivals.push({ bot: this.index, seq, at });
    if (judged && this.pending) this.checkPending(seq);
  }

  sawEnd(e, counter) {
    if (counter && this.finished) return;
    if (counter) this.ctx.counters.inc(counter);
    this.finished = e;
    this.leave();
    this.finishedResolve?.(e);
  }

  // Done with this battle: it saw the end, or it goes. A verdict after that (the loser's last run after
  // the winner's finish) may reach only the other player.
  leave() {
    const b = this.ctx.battle(this.battleId);
    if (!b.leftAt.has(this.index)) b.leftAt.set(this.index, performance.now());
  }

  // Is my pending submission judged now? Then every panel from `seq` on shows its verdict. (Exact unless
  // the verdict landed during this state read, a window of one request; the state's later seq is no
  // bound either: a second verdict after the finish has a seq the players, gone by then, never get.)
  async checkPending(seq) {
    const pending = this.pending;
    if (!pending) return;
    try {
      const s = await api.battle(this.session, this.battleId);
      const mine = (s.mySubmissions ?? []).find((x) => x.id === pending.id);
      if (!mine || String(mine.status).toLowerCase() !== "judged" || this.pending !== pending) return;
      this.pending = null;
      const b = this.ctx.battle(this.battleId);
      const samples = pending.kind === "run" ? this.ctx.samples.runVerdict : this.ctx.samples.verdict;
      const sub = this.ctx.submissions.get(pending.id);
      const record = (bot, at) => { if (!sub.seenBy.has(bot)) { sub.seenBy.add(bot); sub.firstSeenAt ??= at; samples.add(at - sub.at); } };
      sub.seq = seq; // the first panel that shows the verdict: its place in the battle's stream
      b.judged.push({ seq, record });
      for (const a of b.arrivals) if (a.seq >= seq) record(a.bot, a.at);
      pending.resolve();
    } catch {
      this.ctx.error("battle state");
    }
  }

  isFinished() { return this.finished !== null; }

  finishedPromise() {
    return this.finished ? Promise.resolve(this.finished) : new Promise((r) => { this.finishedResolve = r; });
  }

  async type(challenge, ms) {
    const lines = challenge.reference.split("\n");
    const until = Date.now() + ms;
    let i = 0;
    while (Date.now() < until && !this.isFinished()) {
      const partial = lines.slice(0, 1 + (i % lines.length)).join("\n");
      const now = Date.now();
      const code = `${partial}\n# ts=${now} bot=${this.index}\n`;
      try {
        const reply = await this.hub.invoke("SendCode", this.battleId, now, code);
        if (reply?.status && reply.status !== "ok" && reply.status !== "accepted") this.ctx.counters.inc(`code ${reply.status}`);
        this.ctx.counters.inc("code sent");
      } catch {
        this.ctx.error("SendCode");
      }
      i++;
      await sleep(333);
    }
  }

  async judge(kind, code) {
    const wait = this.lastJudgeAt + JUDGE_GAP_MS - Date.now();
    if (wait > 0) await sleep(wait);
    if (this.isFinished()) return;
    this.lastJudgeAt = Date.now();
    const at = performance.now();
    let reply;
    try {
      reply = await this.retry(kind, () => (kind === "run" ? api.run : api.submit)(this.session, this.battleId, code));
    } catch (e) {
      // 409: the opponent won a moment ago. A rule result the bot expects, not an error.
      if (!(e instanceof HttpError && e.status === 409)) throw e;
      reply = e.body ? JSON.parse(e.body) : {};
    }
    this.lastJudgeAt = Date.now();
    const id = reply?.submissionId;
    if (!id) {
      // e.g. the battle finished a moment ago: an expected rule result, not an error.
      this.ctx.counters.inc(`${kind} refused: ${reply?.status ?? "?"}`);
      return reply?.status ?? "?";
    }
    this.ctx.submissions.set(id, { kind, at, battleId: this.battleId, seenBy: new Set() });
    this.ctx.counters.inc(`${kind} sent`);
    const verdict = new Promise((resolve) => { this.pending = { id, kind, resolve }; });
    // The verdict event can arrive before the reply to the request: check what came meanwhile.
    const b = this.ctx.battle(this.battleId);
    const since = new Set(b.arrivals.filter((a) => a.bot === this.index && a.at >= at).map((a) => a.seq));
    for (const seq of [...since].sort((x, y) => x - y)) {
      if (!this.pending) break;
      await this.checkPending(seq);
    }
    await this.withTimeout(verdict, this.ctx.verdictTimeoutMs, "verdict").catch(async () => {
      this.ctx.counters.inc("verdict by polling");
      // Judged meanwhile, its push late or lost: any panel from the state's seq on shows it.
      const s = await this.retry("battle", () => api.battle(this.session, this.battleId));
      if (this.pending?.id === id) await this.checkPending(s.seq);
    });
    return "Ok";
  }

  // The right answer is sent again while the previous one is still being judged (its verdict can
  // wait for the judge queue, or for a dead silo's lease to run out), as a player would press
  // Submit again; at most `attempts` times, 2 s apart, and not once the battle or the run is over.
  async judgeUntilTaken(kind, code, attempts) {
    for (let attempt = 1; ; attempt++) {
      const status = await this.judge(kind, code);
      if (status !== "JudgingInProgress" || attempt >= attempts || this.isFinished() || this.ctx.stopped) return status;
      await this.nap(2000);
    }
  }

  // The battle's end as the hub tells it, else (events may be lost while a node or the database
  // restarts) as its state says: the state is authoritative.
  async finishOrPoll(finished) {
    await this.withTimeout(finished, this.ctx.finishTimeoutMs, "finish").catch(async () => {
      const s = await this.retry("battle", () => api.battle(this.session, this.battleId));
      if (s.phase !== "finished") throw new Error(`battle ${this.battleId} not finished`);
      this.ctx.counters.inc("finish seen by polling");
    });
  }

  nap(ms) {
    return sleep(ms);
  }

  async withTimeout(promise, ms, what) {
    let timer;
    const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} timeout`)), ms); });
    try { return await Promise.race([promise, timeout]); } finally { clearTimeout(timer); }
  }

  // Transient failures (a node being killed, the database restarting) are retried; in a load
  // run every one of them is also counted as an error.
  async retry(what, fn) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        const transient = !(e instanceof HttpError) || e.status >= 500 || e.status === 429;
        if (e instanceof HttpError && e.status === 409) throw e;
        this.ctx.error(`${what}${e instanceof HttpError ? ` ${e.status}` : ""}`, e);
        if (!transient || attempt >= 8) throw e;
        await sleep(Math.min(5000, 250 * 2 ** attempt));
      }
    }
  }
}
