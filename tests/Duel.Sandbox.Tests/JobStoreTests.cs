using Duel.Sandbox.Worker.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Duel.Sandbox.Tests;

/// <summary>The worker's leases, as the worker role sees the jobs table, on a queue of the test's own.</summary>
public sealed class JobStoreTests(PgDatabase db) : IClassFixture<PgDatabase>
{
    [Fact]
    public async Task Renewal_keeps_the_jobs_still_running_here_and_lets_an_abandoned_one_go_to_another_worker()
    {
        var options = Options.Create(new WorkerOptions { Queue = $"renew-{Guid.NewGuid():N}", LeaseSeconds = 10 });
        await using var workerDb = NpgsqlDataSource.Create(db.WorkerConnectionString);
        var mine = new JobStore(workerDb, new WorkerIdentity(), options);
        var other = new JobStore(workerDb, new WorkerIdentity(), options);
        foreach (var id in new[] { "renew-a", "renew-b" }.Select(i => $"{i}-{options.Value.Queue}"))
        {
            await ExecuteAsync("insert into jobs (id, queue, payload) values ($1, $2, '{}')", id, options.Value.Queue);
        }
        var claimed = await mine.ClaimAsync(2, CancellationToken.None);
        Assert.Equal(2, claimed.Count);
        // Both leases about to run out; the worker still runs the first, it gave up on the second (its verdict unwritten).
        await ExecuteAsync("update jobs set lease_until = now() - interval '1 second' where queue = $1", options.Value.Queue);

        await mine.RenewAsync([claimed[0].Id], CancellationToken.None);

        var taken = await other.ClaimAsync(2, CancellationToken.None);
        var job = Assert.Single(taken);
        Assert.Equal((claimed[1].Id, 2), (job.Id, job.Attempts));
    }

    [Fact]
    public async Task The_workers_pool_plans_its_claim_once_not_once_per_claim()
    {
        // The worker's own registration: its pool, its store, its queue.
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Duel:Postgres"] = db.WorkerConnectionString;
        builder.Configuration["Sandbox:Queue"] = $"plans-{Guid.NewGuid():N}";
        builder.AddSandboxWorker();
        await using var services = builder.Services.BuildServiceProvider();
        var store = services.GetRequiredService<JobStore>();

        // Used one at a time, the pool keeps a single session; Npgsql prepares a statement on its fifth use.
        for (var i = 0; i < 12; i++)
        {
            Assert.Empty(await store.ClaimAsync(1 + i % 3, CancellationToken.None));
        }

        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "select generic_plans, custom_plans from pg_prepared_statements where statement like '%for update skip locked%'";
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the claim was never prepared on the worker's session");
        var (generic, custom) = (reader.GetInt64(0), reader.GetInt64(1));
        // Left to choose, PostgreSQL judged each custom plan cheaper (its LIMIT is a parameter) and planned every claim.
        Assert.Equal(0, custom);
        Assert.True(generic >= 5, $"generic plans: {generic}");
    }

    private async Task ExecuteAsync(string sql, params object[] values)
    {
        await using var cmd = db.DataSource.CreateCommand(sql);
        foreach (var value in values) cmd.Parameters.Add(new() { Value = value });
        await cmd.ExecuteNonQueryAsync();
    }
}
