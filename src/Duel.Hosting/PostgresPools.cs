using Npgsql;

namespace Duel.Hosting;

/// <summary>
/// How every process (web, silo, sandbox worker) pools its PostgreSQL connections.
/// </summary>
public static class PostgresPools
{
    /// <summary>The most connections one pool opens unless the connection string names a size.</summary>
    public const int DefaultMaxPoolSize = 40;

    /// <summary>Statements each connection keeps prepared unless the connection string names a number.</summary>
    public const int DefaultMaxAutoPrepare = 64;

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
}
