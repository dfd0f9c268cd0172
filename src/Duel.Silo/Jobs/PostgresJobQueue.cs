using System.Text.Json;
using Duel.Grains.Runtime;
using Duel.Silo.Storage;
using Npgsql;

namespace Duel.Silo.Jobs;

/// <summary>
/// Inserts judge jobs for workers (the trigger on <c>jobs</c> wakes them with NOTIFY) and reads a battle's
/// unsettled jobs back when it is activated. A job id is the submission's id, so a repeated insert is a no-op
/// rather than a second run. The insert is an ordinary commit: the job row is the only stored record of a
/// submission until its verdict (the battle does not write a pending submission), so once the player is
/// told "being judged", neither a silo's nor PostgreSQL's crash loses it. An applied run's row is its verdict's
/// record until the battle's next write (the battle does not write a run's verdict).
/// </summary>
public sealed class PostgresJobQueue(NpgsqlDataSource dataSource, WriteBatcher writes) : IJobQueue
{
    private const string Insert = """
        insert into jobs (id, queue, payload, grain_type, grain_key, submitted_by)
        values ($1, $2, $3::jsonb, $4, $5, $6)
        on conflict (id) do nothing
        returning 1
        """;

    // jobs_by_owner (migration 015) answers this; it runs once per activation of a running battle. An applied
    // submission's verdict is always in the battle's stored state, an applied run's only from its next write on.
    private const string Unsettled = """
        select id, submitted_by, payload ->> 'mode', created_at,
               case when status = 'applied' then result::text end, applied_at
        from jobs
        where grain_key = $1 and grain_type = $2 and submitted_by is not null
          and (status <> 'applied' or payload ->> 'mode' = 'run')
        order by created_at, id
        """;

    public async Task EnqueueAsync(string jobId, string queue, string grainType, string grainKey, string submittedBy, object payload)
    {
        var json = payload is JsonElement element ? element.GetRawText() : JsonSerializer.Serialize(payload, payload.GetType(), GrainJson.Jobs);
        // Batched: the jobs trigger's NOTIFY holds a database-wide lock through its commit's WAL flush, so inserts
        // that arrive together took that lock one by one; in one batch they take it once.
        await writes.WriteAsync(Insert,
            new() { Value = jobId }, new() { Value = queue }, new() { Value = json },
            new() { Value = grainType }, new() { Value = grainKey }, new() { Value = submittedBy });
    }

    public async Task<IReadOnlyList<OwnedJob>> UnsettledJobsAsync(string grainType, string grainKey)
    {
        await using var command = dataSource.CreateCommand(Unsettled);
        command.Parameters.Add(new NpgsqlParameter { Value = grainKey });
        command.Parameters.Add(new NpgsqlParameter { Value = grainType });
        await using var reader = await command.ExecuteReaderAsync();
        var jobs = new List<OwnedJob>();
        while (await reader.ReadAsync())
        {
            var verdict = reader.IsDBNull(4) ? (JsonElement?)null : JsonDocument.Parse(reader.GetString(4)).RootElement;
            jobs.Add(new OwnedJob(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? "" : reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3), verdict, reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5)));
        }
        return jobs;
    }
}
