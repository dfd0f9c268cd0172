using Duel.Grains.Catalogue;
using Npgsql;

namespace Duel.Silo.Jobs;

/// <summary>How the applier finds finished battle jobs in <c>jobs</c> when no notification brought them whole.</summary>
internal static class FinishedJobQueries
{
    // No lease: the owner is the only silo woken for the job, and the sweep leaves it alone for an interval.
    // A job a sweeping silo holds is skipped (the worker cleared its own lease when it finished).
    private const string ReadNamed = """
        select id, grain_key, result::text from jobs
        where id = any($1) and status = 'done' and queue = $2 and grain_type = 'battle'
          and (lease_until is null or lease_until < now())
        """;

    private const string ClaimStragglers = """
        update jobs set lease_owner = $2, lease_until = now() + interval '10 seconds'
        where id in (
            select id from jobs
            where status = 'done' and queue = $1 and grain_type = 'battle' and (lease_until is null or lease_until < now())
              and finished_at < now() - $3
            order by finished_at limit $4
            for update skip locked)
        returning id, grain_key, result::text
        """;

    /// <summary>The named jobs that are finished and not held by a sweeping silo.</summary>
    public static Task<List<FinishedJob>> ReadAsync(NpgsqlDataSource dataSource, List<string> ids, CancellationToken ct)
    {
        var command = dataSource.CreateCommand(ReadNamed);
        command.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = JudgeRequest.Queue });
        return RunAsync(command, ct);
    }

    /// <summary>Leases up to <paramref name="batch"/> jobs finished longer than <paramref name="age"/> ago that nobody applied.</summary>
    public static Task<List<FinishedJob>> ClaimStragglersAsync(NpgsqlDataSource dataSource, string lessee, TimeSpan age, int batch, CancellationToken ct)
    {
        var command = dataSource.CreateCommand(ClaimStragglers);
        command.Parameters.Add(new NpgsqlParameter { Value = JudgeRequest.Queue });
        command.Parameters.Add(new NpgsqlParameter { Value = lessee });
        command.Parameters.Add(new NpgsqlParameter { Value = age });
        command.Parameters.Add(new NpgsqlParameter { Value = batch });
        return RunAsync(command, ct);
    }

    private static async Task<List<FinishedJob>> RunAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var jobs = new List<FinishedJob>();
        await using (command)
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                jobs.Add(FinishedJob.FromRow(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
            }
        }
        return jobs;
    }
}
