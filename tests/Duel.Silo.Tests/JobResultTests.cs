using Duel.Silo.Tests.Grains;

namespace Duel.Silo.Tests;

public sealed class JobResultTests(ThreeSiloFixture fixture) : IClassFixture<ThreeSiloFixture>
{
    [Fact]
    public async Task A_finished_job_is_applied_to_its_grain_exactly_once_and_marked_applied()
    {
        var cluster = fixture.Cluster;
        var jobber = cluster.Grains(0).GetGrain<IJobberGrain>("j-1");
        var jobId = await jobber.Submit("print('hi')");
        Assert.Equal("queued", await Db.ScalarAsync<string>(cluster.DataSource, "select status from jobs where id = $1", jobId));
        Assert.Equal("jobber|j-1|print('hi')|1000", await Db.ScalarAsync<string>(cluster.DataSource,
            "select grain_type || '|' || grain_key || '|' || (payload->>'code') || '|' || (payload->>'time_limit_ms') from jobs where id = $1", jobId));

        // What a worker does when it finishes.
        await Db.ExecuteAsync(cluster.DataSource,
            """update jobs set status = 'done', result = '{"status":"passed"}', finished_at = now() where id = $1""", jobId);

        await Db.EventuallyAsync(async () => await jobber.Result() == "passed", "the verdict applied");
        await Db.EventuallyAsync(async () => await Db.ScalarAsync<string>(cluster.DataSource,
            "select status from jobs where id = $1", jobId) == "applied", "the job marked applied");
        await Task.Delay(500);
        Assert.Equal(1, TestSignals.Read($"applied:{jobId}"));
    }
}
