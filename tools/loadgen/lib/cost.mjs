// The cost model: two readings (start and end of the measured window) of every component's CPU
// and of PostgreSQL's and Redis's own counters; report() turns their difference into per-battle
// figures and a predicted ceiling.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { availableParallelism } from "node:os";
import pg from "pg";
import { pgConfig } from "./pgconfig.mjs";
import { CLK_TCK, parseStat, readProcesses, treeTicks } from "./procstat.mjs";
import { redisInfo, commandCalls } from "./redisinfo.mjs";

export class CostSampler {
  // clusterDir: ./duel cluster's state (one directory per node with its pid); pg: the Npgsql
  // connection string; redis: the StackExchange.Redis configuration (or empty); counts(): the
  // bots' own counters at this moment (snapshots sent and received).
  constructor({ clusterDir, pg: conn, redis, counts }) {
    this.clusterDir = clusterDir;
    this.conn = conn;
    this.redis = redis;
    this.counts = counts;
    this.cores = availableParallelism();
  }

  async sample() {
    const db = await this.readPostgres();
    const rd = this.redis ? await redisInfo(this.redis).catch(() => null) : null;
    const procs = readProcesses();
    const cpu = {};
    for (const [name, pid] of this.nodePids()) cpu[name] = treeTicks(procs, pid);
    if (db?.postmaster && procs.get(db.postmaster)?.comm.startsWith("postgres")) cpu.postgres = treeTicks(procs, db.postmaster);
    const redisPid = Number(rd?.process_id);
    if (redisPid && procs.get(redisPid)?.comm.startsWith("redis")) cpu.redis = treeTicks(procs, redisPid);
    else if (rd) cpu.redis = { ticks: (Number(rd.used_cpu_user) + Number(rd.used_cpu_sys)) * CLK_TCK, start: rd.run_id };
    return {
      at: performance.now(), cpu, loadgen: process.cpuUsage(), db,
      redisCalls: rd ? commandCalls(rd) : NaN, counts: this.counts(),
    };
  }

  // web1.., silo1.., worker1.., nginx: the pid each node directory records (re-read every time:
  // a restarted node has a new one).
  nodePids() {
    if (!this.clusterDir || !existsSync(this.clusterDir)) return [];
    const out = [];
    for (const name of readdirSync(this.clusterDir).sort(byNode)) {
      const f = join(this.clusterDir, name, "pid");
      if (existsSync(f)) out.push([name, Number(readFileSync(f, "utf8").trim())]);
    }
    return out;
  }

  async readPostgres() {
    const client = new pg.Client(pgConfig(this.conn));
    try {
      await client.connect();
      const r = await client.query(`select pg_backend_pid() as backend, now() as now,
        (select xact_commit from pg_stat_database where datname = current_database())::bigint as commits`);
      const row = r.rows[0];
      let statements = NaN;
      const queries = new Map();
      try {
        const s = await client.query(`select coalesce(sum(calls), 0)::bigint as n from pg_stat_statements
          where dbid = (select oid from pg_database where datname = current_database())`);
        statements = Number(s.rows[0].n);
        const t = await client.query(`select queryid::text as id, calls::bigint as calls, left(regexp_replace(query, '\\s+', ' ', 'g'), 90) as query
          from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())`);
        for (const r of t.rows) queries.set(r.id, { calls: Number(r.calls), query: r.query });
      } catch { /* pg_stat_statements not loaded: reported as n/a */ }
      // A backend's parent is the postmaster (when the server runs on this machine); the
      // postmaster's tree holds every backend, live or reaped.
      let postmaster = null;
      try { postmaster = parseStat(readFileSync(`/proc/${row.backend}/stat`, "utf8")).ppid; } catch { /* elsewhere */ }
      return { postmaster, now: row.now, commits: Number(row.commits), statements, queries };
    } catch {
      return null;
    } finally {
      await client.end().catch(() => {});
    }
  }

  // Battles finished and judge jobs created between the two readings, by the database's clock.
  async window(start, end) {
    if (!start.db || !end.db) return { battles: NaN, jobs: NaN };
    const client = new pg.Client(pgConfig(this.conn));
    try {
      await client.connect();
      const q = async (sql) => Number((await client.query(sql, [start.db.now, end.db.now])).rows[0].n);
      return {
        battles: await q(`select count(*)::int as n from battles where finished_at > $1 and finished_at <= $2`),
        jobs: await q(`select count(*)::int as n from jobs where created_at > $1 and created_at <= $2`),
      };
    } finally {
      await client.end().catch(() => {});
    }
  }
}

// web1, web2, …, web10 in that order; then silos, workers, the rest.
function byNode(a, b) {
  const rank = (s) => ["web", "silo", "worker"].findIndex((p) => s.startsWith(p));
  const ra = rank(a) < 0 ? 9 : rank(a), rb = rank(b) < 0 ? 9 : rank(b);
  return ra - rb || a.localeCompare(b, "en", { numeric: true });
}

// worker_processes of the cluster's balancer (1 when unknown).
export function nginxWorkers(clusterDir) {
  try {
    return Number(/worker_processes\s+(\d+)/.exec(readFileSync(join(clusterDir, "nginx", "nginx.conf"), "utf8"))?.[1] ?? 1);
  } catch {
    return 1;
  }
}
