using Duel.Silo.Jobs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Duel.Silo.Tests.Jobs;

/// <summary>Only applied jobs older than the retention go; queued, running, done and recent jobs stay.</summary>
public sealed class JobRetentionTests() : MigratedDatabase("duel_retention")
{
    [Fact]
    public async Task Applied_jobs_older_than_the_retention_are_deleted_and_nothing_else()
    {
        await Db.ExecuteAsync(DataSource, """
            insert into jobs (id, queue, payload, status, finished_at, applied_at) values
              ('old-applied-1', 'judge', '{}', 'applied', now() - interval '3 hours', now() - interval '3 hours'),
              ('old-applied-2', 'judge', '{}', 'applied', now() - interval '2 hours', now() - interval '2 hours'),
              ('new-applied',   'judge', '{}', 'applied', now() - interval '5 minutes', now() - interval '5 minutes'),
              ('old-done',      'judge', '{}', 'done',    now() - interval '3 hours', null),
              ('old-queued',    'judge', '{}', 'queued',  null, null)
            """);
        var retention = new JobRetention(DataSource, Options.Create(new SiloOptions { JobRetention = TimeSpan.FromHours(1) }), NullLogger<JobRetention>.Instance);

        Assert.Equal(2, await retention.SweepAsync(CancellationToken.None));
        Assert.Equal(0, await retention.SweepAsync(CancellationToken.None));

        await using var command = DataSource.CreateCommand("select string_agg(id, ',' order by id) from jobs");
        Assert.Equal("new-applied,old-done,old-queued", await command.ExecuteScalarAsync());
    }
}
