using System.Diagnostics;
using System.Text.Json;
using Duel.Sandbox.Worker.Contracts;
using Npgsql;

namespace Duel.Sandbox.Tests;

/// <summary>Real worker processes against a real PostgreSQL: claiming, role grants, secrets, a killed worker.</summary>
public sealed class JobWorkerTests(PgDatabase db) : IClassFixture<PgDatabase>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_queued_job_is_judged_and_the_worker_heartbeats()
    {
        using var worker = new WorkerProcess(db.WorkerConnectionString, 2);
        var id = await InsertAsync(Challenges.Load("palindrome").Reference, visibleOnly: false);

        var job = await WaitDoneAsync(id, worker);

        Assert.Equal(1, job.Attempts);
        Assert.Equal(Verdict.StatusPassed, job.Verdict.Status);
        Assert.Equal(13, job.Verdict.Passed);
        await using var cmd = db.DataSource.CreateCommand($"select count(*) from cluster_members where role = 'worker' and load is not null and id like 'worker-%-{worker.Pid}-%'");
        Assert.Equal(1L, await cmd.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData("insert into jobs (id, queue, payload) values ('x', 'judge', '{}')")]
    [InlineData("delete from jobs")]
    [InlineData("create table stolen (x int)")]
    [InlineData("drop table jobs")]
    public async Task The_worker_role_cannot_do_more_than_claim_and_complete(string sql)
    {
        await using var connection = new NpgsqlConnection(db.WorkerConnectionString);
        await connection.OpenAsync();
        var e = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand(sql, connection).ExecuteNonQueryAsync());
        Assert.True(e.SqlState is "42501" or "42P01", e.Message);
    }

    [Fact]
    public async Task A_secret_in_the_worker_environment_never_reaches_a_verdict()
    {
        var secret = "s3cret-" + Guid.NewGuid().ToString("n");
        using var worker = new WorkerProcess(db.WorkerConnectionString, 1, new Dictionary<string, string> { ["DUEL_TEST_SECRET"] = secret });
        var code = HostilePrograms.Prelude + "\ndef is_palindrome(s):\n    seen = dict(os.environ)\n" +
                   "    for pid in os.listdir('/proc'):\n        try: seen[pid] = _open('/proc/%s/environ' % pid).read()\n        except BaseException: pass\n    return seen\n";
        var id = await InsertAsync(code, visibleOnly: true);

        var job = await WaitDoneAsync(id, worker);

        Assert.True(job.Raw.Contains("PATH"), job.Raw + worker.Log);
        Assert.DoesNotContain(secret, job.Raw);
        Assert.DoesNotContain("Duel__Postgres", job.Raw);
    }

    [Fact]
    public async Task A_job_of_a_killed_worker_is_judged_once_by_another()
    {
        await using var listener = new NpgsqlConnection(db.ConnectionString);
        await listener.OpenAsync();
        var notified = new List<string>();
        listener.Notification += (_, e) => { lock (notified) { notified.Add(e.Payload); } };
        await new NpgsqlCommand("listen duel_results", listener).ExecuteNonQueryAsync();
        var slow = "import time\ndef is_palindrome(s):\n    time.sleep(0.4)\n    t = [c.lower() for c in s if c.isalnum()]\n    return t == t[::-1]\n";
        var id = await InsertAsync(slow, visibleOnly: true);

        int firstPid;
        using (var first = new WorkerProcess(db.WorkerConnectionString, 1))
        {
            firstPid = first.Pid;
            await WaitAsync(async () => await ScalarAsync($"select status = 'running' from jobs where id = '{id}'") is true, first);
            first.Kill();
        }
        await Task.Delay(300);
        // Its sandboxes (the running one and the pre-warmed spare) died with it: none left running
        // (dead ones may wait as zombies for the host's init, which reaps lazily on this machine).
        var sandboxes = Checks.ProcessesOf(Enumerable.Range(61000, 256).Select(u => (long)u));
        Assert.DoesNotContain(sandboxes, p => (p.Contains($" ppid {firstPid} ") || p.Contains(" ppid 1 ")) && !p.Contains(" Z "));
        Assert.Equal("running", await ScalarAsync($"select status from jobs where id = '{id}'"));

        using var second = new WorkerProcess(db.WorkerConnectionString, 1);
        var job = await WaitDoneAsync(id, second);
        var deadline = Stopwatch.StartNew();
        while (deadline.ElapsedMilliseconds < 1000)
        {
            await listener.WaitAsync(100);
        }

        Assert.Equal(2, job.Attempts);
        Assert.Equal(Verdict.StatusPassed, job.Verdict.Status);
        Assert.Equal(3, job.Verdict.Passed);
        lock (notified)
        {
            // One notification for the one completion; it carries the whole job when the result fits.
            var payload = Assert.Single(notified);
            Assert.Equal(id, payload.StartsWith('{') ? JsonDocument.Parse(payload).RootElement.GetProperty("id").GetString() : payload);
        }
    }

    [Fact]
    public async Task Two_live_workers_see_each_other_and_judge_every_job_once()
    {
        using var one = new WorkerProcess(db.WorkerConnectionString, 1);
        using var two = new WorkerProcess(db.WorkerConnectionString, 1);
        // Each reads the other from cluster_members: from then on each wakes only for the jobs it owns.
        await WaitAsync(() => Task.FromResult(one.Log.Contains("2 live workers") && two.Log.Contains("2 live workers")), one);
        var reference = Challenges.Load("palindrome").Reference;
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add(await InsertAsync(reference, visibleOnly: true));
        }

        foreach (var id in ids)
        {
            var job = await WaitDoneAsync(id, one);
            Assert.Equal(1, job.Attempts);
            Assert.Equal(Verdict.StatusPassed, job.Verdict.Status);
        }
    }

    private async Task<string> InsertAsync(string code, bool visibleOnly)
    {
        var id = "job-" + Guid.NewGuid().ToString("n")[..12];
        var request = Challenges.Load("palindrome").ToRequest(code, visibleOnly);
        await using var cmd = db.DataSource.CreateCommand("""
            insert into jobs (id, queue, payload, grain_type, grain_key) values ($1, 'judge', $2::jsonb, 'battle', 'b-test')
            """);
        cmd.Parameters.Add(new() { Value = id });
        cmd.Parameters.Add(new() { Value = JsonSerializer.Serialize(request, JudgeJson.Options) });
        await cmd.ExecuteNonQueryAsync();
        return id;
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var cmd = db.DataSource.CreateCommand(sql);
        return await cmd.ExecuteScalarAsync();
    }

    private async Task<(int Attempts, Verdict Verdict, string Raw)> WaitDoneAsync(string id, WorkerProcess worker)
    {
        await WaitAsync(async () => await ScalarAsync($"select status = 'done' from jobs where id = '{id}'") is true, worker);
        await using var cmd = db.DataSource.CreateCommand($"select attempts, result::text, lease_owner from jobs where id = '{id}'");
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.True(reader.IsDBNull(2));
        var raw = reader.GetString(1);
        return (reader.GetInt32(0), JsonSerializer.Deserialize<Verdict>(raw, JudgeJson.Options)!, raw);
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, WorkerProcess worker)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < Patience, "timed out; worker log:\n" + worker.Log);
            await Task.Delay(20);
        }
    }
}
