using System.Text.Json;
using Duel.Grains.Runtime;
using Duel.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Duel.Silo.Jobs;

/// <summary>
/// Inserts judge jobs for workers (the trigger on <c>jobs</c> wakes them with NOTIFY). A job id is
/// the submission's id, so a repeated insert is a no-op rather than a second run. The insert is a relaxed
/// commit (<see cref="PostgresPools.Relaxed"/>): the battle stores the submission that names the job only
/// after it, with an ordinary commit whose flush covers the job; a crash before that loses both, and the
/// player's call fails rather than leaving a submission without its job.
/// </summary>
public sealed class PostgresJobQueue([FromKeyedServices(PostgresPools.Relaxed)] NpgsqlDataSource dataSource) : IJobQueue
{
    private const string Insert = """
        insert into jobs (id, queue, payload, grain_type, grain_key)
        values ($1, $2, $3::jsonb, $4, $5)
        on conflict (id) do nothing
        """;

    public async Task EnqueueAsync(string jobId, string queue, string grainType, string grainKey, object payload)
    {
        var json = payload is JsonElement element ? element.GetRawText() : JsonSerializer.Serialize(payload, payload.GetType(), GrainJson.Jobs);
        await using var command = dataSource.CreateCommand(Insert);
        command.Parameters.Add(new NpgsqlParameter { Value = jobId });
        command.Parameters.Add(new NpgsqlParameter { Value = queue });
        command.Parameters.Add(new NpgsqlParameter { Value = json });
        command.Parameters.Add(new NpgsqlParameter { Value = grainType });
        command.Parameters.Add(new NpgsqlParameter { Value = grainKey });
        await command.ExecuteNonQueryAsync();
    }
}
