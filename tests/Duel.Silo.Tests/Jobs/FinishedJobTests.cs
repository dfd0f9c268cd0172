using Duel.Silo.Jobs;
using Npgsql;

namespace Duel.Silo.Tests.Jobs;

/// <summary>
/// A finished job's NOTIFY carries the whole job when it fits, and only its id when it does not; the
/// applier reads both, and ignores other kinds of job and payloads that are not the trigger's.
/// </summary>
public sealed class FinishedJobTests() : MigratedDatabase("duel_finished")
{
    /// <summary>Finishes a job with <paramref name="result"/> and returns the payload its notification had.</summary>
    private async Task<string> FinishAsync(string id, string result)
    {
        await using var listener = await DataSource.OpenConnectionAsync();
        var payloads = new List<string>();
        listener.Notification += (_, e) => payloads.Add(e.Payload);
        await new NpgsqlCommand("listen duel_results", listener).ExecuteNonQueryAsync();
        await Db.ExecuteAsync(DataSource, "insert into jobs (id, queue, payload, grain_type, grain_key) values ($1, 'judge', '{}', 'battle', 'b-1')", id);
        await Db.ExecuteAsync(DataSource, "update jobs set status = 'done', result = $2::jsonb, finished_at = now() where id = $1", id, result);
        while (payloads.Count == 0)
        {
            Assert.True(await listener.WaitAsync(TimeSpan.FromSeconds(10)), "no notification");
        }
        return Assert.Single(payloads);
    }

    [Fact]
    public async Task A_verdict_that_fits_comes_whole_with_its_battle()
    {
        var payload = await FinishAsync("job-whole", """{"status":"passed","passed":3,"total":3}""");

        Assert.True(FinishedJob.TryParse(payload, out var id, out var job));
        Assert.Equal("job-whole", id);
        Assert.NotNull(job);
        Assert.Equal("b-1", job.Battle);
        Assert.Equal("passed", job.Result.GetProperty("status").GetString());
        Assert.Equal(3, job.Result.GetProperty("passed").GetInt32());
    }

    [Fact]
    public async Task A_result_too_large_for_a_notification_sends_the_id_alone()
    {
        var payload = await FinishAsync("job-large", $$"""{"status":"failed","message":"{{new string('x', 9000)}}"}""");

        Assert.Equal("job-large", payload);
        Assert.True(FinishedJob.TryParse(payload, out var id, out var job));
        Assert.Equal("job-large", id);
        Assert.Null(job);
        var read = await FinishedJobQueries.ReadAsync(DataSource, ["job-large"], CancellationToken.None);
        Assert.Equal(9000, Assert.Single(read).Result.GetProperty("message").GetString()!.Length);
    }

    [Theory]
    [InlineData("""{"id":"j","queue":"other","grain_type":"battle","grain_key":"b","result":null}""")]
    [InlineData("""{"id":"j","queue":"judge","grain_type":"invite","grain_key":"b","result":null}""")]
    [InlineData("""{"id":"j","queue":"judge"}""")]
    [InlineData("{not json")]
    public void Other_jobs_and_foreign_payloads_are_not_applied(string payload)
    {
        Assert.False(FinishedJob.TryParse(payload, out _, out var job));
        Assert.Null(job);
    }
}
