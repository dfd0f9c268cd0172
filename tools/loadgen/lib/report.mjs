// End of a run: latencies, counters, errors, what the bots saw of verdicts, the SQL invariants.
import { printTable } from "./stats.mjs";
import { checkInvariants, waitJobsApplied } from "./checks.mjs";

// battleIds: the battles to check (default: every battle a bot played).
export async function printOutcome(ctx, pgConn, battleIds = [...ctx.battles.keys()]) {
  console.log(printTable(Object.values(ctx.samples)));
  console.log("\ncounts");
  for (const [k, v] of ctx.counters.entries()) console.log(`  ${k.padEnd(40)} ${v}`);
  const errorTotal = ctx.errorTotal();
  console.log(`errors: ${errorTotal}`);
  for (const [k, v] of ctx.errors.entries()) console.log(`  ${k.padEnd(40)} ${v}`);

  const checked = new Set(battleIds);
  const lost = [...ctx.submissions.values()].filter((s) => checked.has(s.battleId) && s.seenBy.size === 0);
  const lostVerdicts = lost.length;
  console.log(`submissions without a verdict event at any player (want 0): ${lostVerdicts}`);
  // One player only: fine when the other had seen the end or left by then (a loser's last run after
  // the winner's finish), not while both were still in the battle. A verdict numbered after the finish
  // comes after it for every player, and a bot leaves at the finish; the two bots' clocks cannot say
  // that, since one node may deliver the same events tens of ms after the other.
  const halfSeen = [...ctx.submissions.values()].filter((s) => checked.has(s.battleId) && s.seenBy.size === 1);
  const missedBy = halfSeen.filter((s) => {
    const b = ctx.battles.get(s.battleId);
    const other = [...b.players].find((p) => !s.seenBy.has(p.index));
    const afterFinish = b.finishedSeqs.size > 0 && s.seq > Math.min(...b.finishedSeqs);
    return other && !afterFinish && !(b.leftAt.get(other.index) <= s.firstSeenAt);
  });
  const bothIn = missedBy.length;
  // LOADGEN_DEBUG=1: what each player was shown of such a battle (bot, seq, ms).
  for (const s of process.env.LOADGEN_DEBUG ? [...lost, ...missedBy] : []) {
    const b = ctx.battles.get(s.battleId);
    console.error(`${s.battleId} ${s.kind} sent ${s.at.toFixed(0)} seen ${s.firstSeenAt?.toFixed(0)} at seq ${s.seq} by ${[...s.seenBy]};` +
      ` finished at ${JSON.stringify([...b.finishedSeqs])}; left ${JSON.stringify([...b.leftAt])};` +
      ` shown ${JSON.stringify(b.arrivals.map((a) => [a.bot, a.seq, Math.round(a.at)]))}`);
  }
  console.log(`submissions whose verdict event reached one player only: ${halfSeen.length}, of them while both were in the battle (want 0): ${bothIn}`);
  const decidedTwice = [...ctx.battles.values()].filter((b) => b.finishedSeqs.size > 1).length;
  console.log(`battles announced as finished twice (want 0): ${decidedTwice}`);

  // A run ends with verdicts in flight (a loser's last run, a silo's applied marks still owed).
  await waitJobsApplied(pgConn, battleIds, 60_000);
  const inv = await checkInvariants(pgConn, battleIds);
  console.log("\ninvariants (SQL)");
  for (const line of inv.lines) console.log(`  ${line}`);
  return { errorTotal, decidedTwice, lostVerdicts, halfSeenBothIn: bothIn, invariantsOk: inv.ok };
}
