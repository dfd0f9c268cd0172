// End-of-run invariants, read straight from PostgreSQL: every battle finished with one history
// row, no verdict lost (every job applied), each player's rating and record applied exactly once.
import pg from "pg";
import { pgConfig as config } from "./pgconfig.mjs";

export async function checkInvariants(conn, battleIds) {
  const client = new pg.Client(config(conn));
  await client.connect();
  const lines = [];
  let ok = true;
  const expect = (label, actual, expected) => {
    const pass = actual === expected;
    ok &&= pass;
    lines.push(`${label}: ${actual}/${expected}${pass ? "" : "  <-- VIOLATED"}`);
  };
  try {
    // Events are not stored (Redis pub/sub); the bots count "finished" announcements, and the
    // history row and the players' records below show each battle was applied once.
    const rows = await client.query(`select count(*)::int as n from battles where id = any($1)`, [battleIds]);
    expect("battles finished (one history row each)", rows.rows[0].n, battleIds.length);
    const live = await client.query(`select count(*)::int as n from live_battles where id = any($1)`, [battleIds]);
    expect("battles still listed as live (want 0)", live.rows[0].n, 0);

    const jobs = await client.query(
      `select count(*)::int as total, count(*) filter (where status = 'applied')::int as applied
       from jobs where grain_type = 'battle' and grain_key = any($1)`, [battleIds]);
    expect("sandbox jobs applied (no verdict lost)", jobs.rows[0].applied, jobs.rows[0].total);
    // Each player's stored rating and record agree with the battles it finished.
    const ratings = await client.query(`
      with mine as (
        select pb.player_id, count(*) filter (where pb.result <> 'void') as games,
               (array_agg(pb.rating_after order by pb.finished_at desc))[1] as last_after
        from player_battles pb where pb.battle_id = any($1) group by pb.player_id)
      select count(*)::int as players,
             count(*) filter (where abs(p.rating - m.last_after) < 1e-6
                              and p.wins + p.losses + p.draws = m.games)::int as consistent
      from mine m join players p on p.id = m.player_id`, [battleIds]);
    expect("players whose rating and record match their battles", ratings.rows[0].consistent, ratings.rows[0].players);
    const winners = await client.query(
      `select count(*)::int as n from battles where id = any($1) and outcome = 'won' and winner is not null
         and ((winner = player_a and rating_a_after > rating_a_before and rating_b_after < rating_b_before)
           or (winner = player_b and rating_b_after > rating_b_before and rating_a_after < rating_a_before))`, [battleIds]);
    const won = await client.query(`select count(*)::int as n from battles where id = any($1) and outcome = 'won'`, [battleIds]);
    expect("won battles where the winner gained and the loser lost rating", winners.rows[0].n, won.rows[0].n);
  } finally {
    await client.end();
  }
  return { ok, lines };
}

// Waits (up to ms) until every job of these battles is applied: a run ends with verdicts in flight.
export async function waitJobsApplied(conn, battleIds, ms) {
  const client = new pg.Client(config(conn));
  await client.connect();
  try {
    for (const until = Date.now() + ms; Date.now() < until; await new Promise((r) => setTimeout(r, 1000))) {
      const r = await client.query(`select count(*)::int as n from jobs where grain_type = 'battle' and grain_key = any($1) and status <> 'applied'`, [battleIds]);
      if (r.rows[0].n === 0) return;
    }
  } finally {
    await client.end();
  }
}
