using System.Diagnostics.Metrics;
using Duel.Web.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Duel.Cluster.Tests;

/// <summary>The "Duel" meter and /api/ready's check against a real PostgreSQL database.</summary>
public sealed class ObservabilityTests
{
    [Fact]
    public async Task Job_backlog_and_verdict_latency_come_from_the_jobs_table()
    {
        await using var db = await TestDatabase.CreateAsync("duel_obs");
        await ExecuteAsync(db, await File.ReadAllTextAsync(Path.Combine(Shell.RepoRoot, "src/Duel.Silo/Migrations/002_jobs.sql")));
        using var host = BuildHost(db);
        var latencies = new List<double>();
        using var listener = Listen(host.Services.GetRequiredService<DuelMetrics>(), latencies);
        await host.StartAsync();

        // Applied after the sampler started: 1.5 s and 4 s from queueing to verdict.
        await Task.Delay(100);
        await ExecuteAsync(db, """
            insert into jobs (id, queue, payload, status) values
              ('q1', 'judge', '{}', 'queued'), ('q2', 'judge', '{}', 'queued'),
              ('r1', 'judge', '{}', 'running'), ('d1', 'judge', '{}', 'done');
            insert into jobs (id, queue, payload, status, created_at, applied_at) values
              ('a1', 'judge', '{}', 'applied', now() - interval '1.5 seconds', now()),
              ('a2', 'judge', '{}', 'applied', now() - interval '4 seconds',   now());
            """);

        var metrics = host.Services.GetRequiredService<DuelMetrics>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((metrics.Snapshot.JobBacklog != 4 || latencies.Count < 2) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        await host.StopAsync();

        Assert.Equal((2, 1, 1), (metrics.Snapshot.JobsQueued, metrics.Snapshot.JobsRunning, metrics.Snapshot.JobsUnapplied));
        Assert.Equal([1500.0, 4000.0], latencies.Order().Select(v => Math.Round(v)));
    }

    [Theory]
    [InlineData(nameof(ClusterQueries.JobCountsSql))]
    [InlineData(nameof(ClusterQueries.AppliedSinceSql))]
    public async Task The_sampler_reads_jobs_through_an_index_not_the_whole_history(string query)
    {
        await using var db = await TestDatabase.CreateAsync("duel_obs_plan");
        foreach (var migration in new[] { "002_jobs.sql", "011_job_indexes.sql" })
        {
            await ExecuteAsync(db, await File.ReadAllTextAsync(Path.Combine(Shell.RepoRoot, "src/Duel.Silo/Migrations", migration)));
        }
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        // With sequential scans priced out, PostgreSQL still picks one when no index can serve the query.
        await using (var off = new NpgsqlCommand("set enable_seqscan = off", connection))
        {
            await off.ExecuteNonQueryAsync();
        }
        await using var explain = new NpgsqlCommand("explain " + ClusterQueries.JobCountsSql, connection);
        if (query == nameof(ClusterQueries.AppliedSinceSql))
        {
            explain.CommandText = "explain " + ClusterQueries.AppliedSinceSql;
            explain.Parameters.AddWithValue("lag", ClusterQueries.CommitLag);
            explain.Parameters.AddWithValue("since", DateTime.UtcNow.AddMinutes(-1));
        }
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        Assert.Contains(plan, line => line.Contains("Index Scan", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("Seq Scan on jobs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ready_only_when_every_embedded_migration_is_recorded()
    {
        await using var db = await TestDatabase.CreateAsync("duel_ready");
        using var host = BuildHost(db);
        var health = host.Services.GetRequiredService<HealthCheckService>();

        var fresh = await health.CheckHealthAsync(c => c.Tags.Contains("ready"));
        Assert.Equal(HealthStatus.Unhealthy, fresh.Status);

        var names = typeof(Duel.Silo.SiloHostingExtensions).Assembly.GetManifestResourceNames()
            .Where(n => n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => n.Split('.')[^2])
            .ToList();
        Assert.NotEmpty(names);
        // The runtime's table (001_runtime): version 3, name "duel" for 003_duel.sql.
        await ExecuteAsync(db, "create table schema_migrations (version int primary key, name text not null, applied_at timestamptz default now())");
        foreach (var name in names.Skip(1))
        {
            await ExecuteAsync(db, Insert(name));
        }
        var partial = await health.CheckHealthAsync(c => c.Tags.Contains("ready"));
        Assert.Equal(HealthStatus.Unhealthy, partial.Status);
        Assert.Contains(names[0], partial.Entries["database"].Description, StringComparison.Ordinal);

        await ExecuteAsync(db, Insert(names[0]));
        var ready = await health.CheckHealthAsync(c => c.Tags.Contains("ready"));
        Assert.Equal(HealthStatus.Healthy, ready.Status);
    }

    private static string Insert(string migration) =>
        $"insert into schema_migrations (version, name) values ({int.Parse(migration[..3])}, '{migration[4..]}')";

    private static IHost BuildHost(TestDatabase db)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Duel:Metrics:SampleSeconds"] = "1";
        builder.Services.AddSingleton(NpgsqlDataSource.Create(db.ConnectionString));
        builder.AddDuelObservability();
        return builder.Build();
    }

    private static MeterListener Listen(DuelMetrics metrics, List<double> latencies)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == DuelMetrics.MeterName && instrument.Name == "duel.verdict.latency")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => { lock (latencies) { latencies.Add(value); } });
        listener.Start();
        GC.KeepAlive(metrics);
        return listener;
    }

    private static async Task ExecuteAsync(TestDatabase db, string sql)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
