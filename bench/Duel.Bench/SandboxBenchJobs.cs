using System.Collections.Concurrent;
using System.Diagnostics;
using Duel.Silo.Jobs;
using Npgsql;
using NpgsqlTypes;

namespace Duel.Bench;

/// <summary>Inserts judge jobs and times each until its duel_results notification.</summary>
internal sealed class SandboxBenchJobs : IAsyncDisposable
{
    private readonly NpgsqlDataSource _db;
    private readonly NpgsqlConnection _listener;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _waiting = new();
    private readonly string _payload = SandboxBench.Payload();
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    private SandboxBenchJobs(NpgsqlDataSource db, NpgsqlConnection listener)
    {
        _db = db;
        _listener = listener;
    }

    public static async Task<SandboxBenchJobs> CreateAsync(NpgsqlDataSource db, string connectionString)
    {
        var listener = new NpgsqlConnection(connectionString);
        await listener.OpenAsync();
        var jobs = new SandboxBenchJobs(db, listener);
        listener.Notification += (_, e) =>
        {
            // The silos' own reader of the payload (the whole job, or its id alone): the bench job is of no
            // battle, so it answers false, but it still names the id.
            FinishedJob.TryParse(e.Payload, out var id, out FinishedJob? _);
            if (jobs._waiting.TryRemove(id, out var done))
            {
                done.TrySetResult(Stopwatch.GetTimestamp());
            }
        };
        await new NpgsqlCommand("listen duel_results", listener).ExecuteNonQueryAsync();
        jobs._loop = Task.Run(async () =>
        {
            while (!jobs._stop.IsCancellationRequested)
            {
                await listener.WaitAsync(jobs._stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        });
        return jobs;
    }

    public async Task<List<double>> RunSequentialAsync(int count)
    {
        var times = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var (_, started, done) = await InsertAsync();
            times.Add(Stopwatch.GetElapsedTime(started, await done).TotalMilliseconds);
        }
        return times;
    }

    public async Task<(double Seconds, long Passed)> RunBurstAsync(int count)
    {
        var started = Stopwatch.GetTimestamp();
        var pending = new List<Task<long>>();
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var (id, _, done) = await InsertAsync();
            ids.Add(id);
            pending.Add(done);
        }
        await Task.WhenAll(pending);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await using var cmd = _db.CreateCommand("select count(*) from jobs where id = any($1) and result->>'status' = 'passed'");
        cmd.Parameters.Add(new() { Value = ids.ToArray() });
        return (seconds, (long)(await cmd.ExecuteScalarAsync())!);
    }

    private async Task<(string Id, long Started, Task<long> Done)> InsertAsync()
    {
        var id = "bench-" + Guid.NewGuid().ToString("n");
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[id] = done;
        var started = Stopwatch.GetTimestamp();
        await using var cmd = _db.CreateCommand("insert into jobs (id, queue, payload) values ($1, 'judge', $2)");
        cmd.Parameters.Add(new() { Value = id });
        cmd.Parameters.Add(new() { Value = _payload, NpgsqlDbType = NpgsqlDbType.Jsonb });
        await cmd.ExecuteNonQueryAsync();
        return (id, started, done.Task);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _loop;
        await _listener.DisposeAsync();
    }
}
