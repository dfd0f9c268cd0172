using Npgsql;

namespace Duel.Hosting;

/// <summary>
/// How every process (web, silo, sandbox worker) pools its PostgreSQL connections.
/// </summary>
public static class PostgresPools
{
    /// <summary>The most connections one pool opens unless the connection string names a size.</summary>
    public const int DefaultMaxPoolSize = 10;

    /// <summary>Statements each connection keeps prepared unless the connection string names a number.</summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>The service key of a process's relaxed pool (<see cref="RelaxedConnectionString"/>).</summary>
    public const string Relaxed = "relaxed";

    /// <summary>
    /// The connection string with Npgsql's reset-on-return turned off. The reset is up to eight statements
    /// (DISCARD ALL, or with prepared statements CLOSE ALL … pg_advisory_unlock_all) each time a connection
    /// goes back to the pool: under load they were most of PostgreSQL's statements and commits
    /// (docs/performance.md). Nothing here leaves session state on a pooled connection: no SET, no temp
    /// tables; LISTEN and the advisory locks live on connections held for that purpose and undone before
    /// they are returned. A silo node has two pools (its own data source and the AdoNet providers'); at
    /// Npgsql's default of 100 each, three nodes could open 600 connections, and a burst of 467 forfeits did
    /// exceed the server's 400 (`./duel bench load --pace human`). Unless the string names a size, a pool
    /// holds at most <see cref="DefaultMaxPoolSize"/>: a burst then waits for a connection instead of failing.
    /// Ten rather than forty: a burst grew every pool to its limit (about 200 backends on two cores), and each
    /// backend paid its start, authentication and its own statement preparation; with ten, PostgreSQL's CPU per
    /// battle fell by a fifth and the verdicts' tail by half (docs/performance.md, 2026-12-06).
    /// Statements are prepared automatically (<see cref="DefaultMaxAutoPrepare"/>): every process runs the same
    /// few dozen statements, and without it PostgreSQL parsed and planned each one on every call, a fifth of
    /// its CPU under load (docs/performance.md). The AdoNet providers open plain connections from this string,
    /// so grain state and reminders are prepared too.
    /// </summary>
    public static string ConnectionString(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true };
        if (!connectionString.Contains("pool size", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }
        if (!connectionString.Contains("auto prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }
        return builder.ConnectionString;
    }

    /// <summary>
    /// <see cref="ConnectionString"/> for a pool whose commits do not wait for their WAL flush
    /// (<c>synchronous_commit = off</c>): a fsync'd commit was most of PostgreSQL's CPU under load
    /// (docs/performance.md). A crash of the server can lose the last fraction of a second of such commits,
    /// never a part of one, and never one that a later ordinary commit saw: WAL is one sequence, so the
    /// flush of any ordinary commit covers every commit before it. A write belongs on this pool only when
    /// losing it is harmless, because it is redone or re-derived, or because what acts on it stores an
    /// ordinary commit first (docs/performance.md lists each one and why).
    /// </summary>
    public static string RelaxedConnectionString(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString(connectionString));
        builder.Options = $"{builder.Options} -c synchronous_commit=off".TrimStart();
        return builder.ConnectionString;
    }

    /// <summary>
    /// <see cref="RelaxedConnectionString"/> for the sandbox workers, whose sessions always run a statement's
    /// generic plan (<c>plan_cache_mode = force_generic_plan</c>). The claim's LIMIT is a parameter, which
    /// PostgreSQL's generic estimate takes for a tenth of the table: every custom plan looked cheaper, so each
    /// claim, one per job, was planned anew (~0.8 ms under load, docs/performance.md). A worker's statements find
    /// their rows by key or through the claim's index, where the generic plan is the custom one. Not for a pool
    /// that serves pages: a LIMIT over a large table needs its value to choose an index.
    /// </summary>
    public static string WorkerConnectionString(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(RelaxedConnectionString(connectionString));
        builder.Options = $"{builder.Options} -c plan_cache_mode=force_generic_plan";
        return builder.ConnectionString;
    }
}
