using System.Text.Json;
using Duel.Silo.Jobs;
using Duel.Silo.Storage;
using Npgsql;

namespace Duel.Silo.Tests.Jobs;

/// <summary>
/// The battles' side of the jobs table: an insert names its submitter and wakes the workers once; a battle's open
/// jobs are read back, and of the applied ones only its runs, with their verdicts.
/// </summary>
public sealed class JobQueueTests() : MigratedDatabase("duel_job_queue")
{
    private static readonly JsonElement Run = JsonSerializer.SerializeToElement(new { mode = "run", code = "pass" });
    private static readonly JsonElement Submit = JsonSerializer.SerializeToElement(new { mode = "submit", code = "pass" });

    private PostgresJobQueue Queue() => new(DataSource, new WriteBatcher(DataSource));

    [Fact]
    public async Task A_battles_job_and_a_job_without_a_submitter_are_each_announced_once()
    {
        await using var listener = await DataSource.OpenConnectionAsync();
        var payloads = new List<string>();
        listener.Notification += (_, e) => payloads.Add(e.Payload);
        await new NpgsqlCommand("listen duel_jobs", listener).ExecuteNonQueryAsync();

        await Queue().EnqueueAsync("job-battle", "judge", "battle", "b-1", "p-a", Run);
        await Db.ExecuteAsync(DataSource, "insert into jobs (id, queue, payload) values ('job-plain', 'judge', '{}')");
        while (payloads.Count < 2)
        {
            Assert.True(await listener.WaitAsync(TimeSpan.FromSeconds(10)), $"notified only {string.Join(", ", payloads)}");
        }

        // A second notification of either would have come by now: the connection delivers them in commit order.
        Assert.False(await listener.WaitAsync(TimeSpan.FromMilliseconds(300)), string.Join(", ", payloads));
        Assert.Equal(["job-battle", "job-plain"], payloads);
    }

    [Fact]
    public async Task A_battles_unsettled_jobs_come_back_with_submitter_and_mode_and_applied_runs_with_their_verdicts()
    {
        var queue = Queue();
        await queue.EnqueueAsync("job-1", "judge", "battle", "b-1", "p-a", Submit);
        await queue.EnqueueAsync("job-2", "judge", "battle", "b-1", "p-b", Run);
        await queue.EnqueueAsync("job-3", "judge", "battle", "b-1", "p-a", Run);
        await queue.EnqueueAsync("job-4", "judge", "battle", "b-2", "p-c", Run);
        await queue.EnqueueAsync("job-5", "judge", "battle", "b-1", "p-b", Submit);
        await queue.EnqueueAsync("job-1", "judge", "battle", "b-1", "p-z", Run); // a retried insert changes nothing
        await Db.ExecuteAsync(DataSource, "update jobs set status = 'done', result = '{\"status\": \"passed\"}' where id = 'job-2'");
        await Db.ExecuteAsync(DataSource, "update jobs set status = 'applied', result = '{\"passed\": 3}', applied_at = now() where id in ('job-3', 'job-5')");

        var unsettled = await queue.UnsettledJobsAsync("battle", "b-1");

        // The applied submission is always in its battle's stored state; a done job's verdict is still to be applied.
        Assert.Equal([("job-1", "p-a", "submit", false), ("job-2", "p-b", "run", false), ("job-3", "p-a", "run", true)],
            unsettled.Select(j => (j.Id, j.SubmittedBy, j.Mode, j.AppliedAt is not null)));
        Assert.Equal(new int?[] { null, null, 3 }, unsettled.Select(j => j.Verdict?.GetProperty("passed").GetInt32()));
        Assert.Empty(await queue.UnsettledJobsAsync("battle", "b-unknown"));
    }
}
