using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Duel.Sandbox.Worker.Jobs;

/// <summary>
/// The worker's only table. Claims skip rows other workers hold; a running job whose lease
/// ran out (its worker died) is claimable again, with attempts + 1. A result is written
/// only while this worker still owns the lease, so a job is completed once.
/// </summary>
internal sealed class JobStore(NpgsqlDataSource db, WorkerIdentity identity, IOptions<WorkerOptions> options)
{
    private readonly WorkerOptions _options = options.Value;

    /// <summary>Claims up to <paramref name="limit"/> jobs, oldest first; fewer means the queue is drained.</summary>
    public async Task<IReadOnlyList<ClaimedJob>> ClaimAsync(int limit, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            update jobs j
               set status = 'running', attempts = j.attempts + 1, lease_owner = $1,
                   lease_until = now() + make_interval(secs => $2), started_at = now()
             where j.id in (select id from jobs
                             where queue = $3
                               and (status = 'queued' or (status = 'running' and lease_until < now()))
                             order by created_at
                             limit $4
                               for update skip locked)
            returning j.id, j.payload::text, j.attempts
            """);
        cmd.Parameters.Add(new() { Value = identity.Id });
        cmd.Parameters.Add(new() { Value = (double)_options.LeaseSeconds });
        cmd.Parameters.Add(new() { Value = _options.Queue });
        cmd.Parameters.Add(new() { Value = limit });
        var jobs = new List<ClaimedJob>(limit);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            jobs.Add(new ClaimedJob(reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
        }
        return jobs;
    }

    /// <summary>
    /// Extends the leases of <paramref name="ids"/>, the jobs this worker is still running. Only those: a job it
    /// gave up on must run out, or it would wait for this worker to fall idle before anyone judged it again.
    /// </summary>
    public async Task RenewAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            update jobs set lease_until = now() + make_interval(secs => $2)
             where lease_owner = $1 and status = 'running' and id = any($3)
            """);
        cmd.Parameters.Add(new() { Value = identity.Id });
        cmd.Parameters.Add(new() { Value = (double)_options.LeaseSeconds });
        cmd.Parameters.Add(new() { Value = ids.ToArray() });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Writes the verdict; false when the lease was lost to another worker.</summary>
    public async Task<bool> CompleteAsync(string id, string resultJson, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            update jobs set status = 'done', result = $3, finished_at = now(), lease_owner = null, lease_until = null
             where id = $1 and lease_owner = $2 and status = 'running'
            """);
        cmd.Parameters.Add(new() { Value = id });
        cmd.Parameters.Add(new() { Value = identity.Id });
        cmd.Parameters.Add(new() { Value = resultJson, NpgsqlDbType = NpgsqlDbType.Jsonb });
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Gives a job back unfinished (worker stopping) so another worker takes it at once.</summary>
    public async Task ReleaseAsync(string id, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            update jobs set status = 'queued', lease_owner = null, lease_until = null
             where id = $1 and lease_owner = $2 and status = 'running'
            """);
        cmd.Parameters.Add(new() { Value = id });
        cmd.Parameters.Add(new() { Value = identity.Id });
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
