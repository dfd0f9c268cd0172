using Npgsql;
using NpgsqlTypes;

namespace Duel.Silo.Jobs;

/// <summary>
/// The applied marks a silo owes, written together about once a second instead of one statement per
/// applied batch (at a few jobs a second every batch was one job). A mark only keeps the sweep from
/// applying a job again: one that is late or lost (a crash) costs a second <c>ApplyVerdict</c>, which
/// answers AlreadyApplied. Each job keeps the time its battle took it, so <c>applied_at</c> still
/// measures the verdict's latency. Used by the applier's loop alone, so it takes no lock.
/// </summary>
internal sealed class AppliedMarks(TimeSpan delay, int batch)
{
    private const string Mark = """
        update jobs set status = 'applied', applied_at = t.at, lease_owner = null, lease_until = null
        from unnest($1::text[], $2::timestamptz[]) as t(id, at)
        where jobs.id = t.id and jobs.status = 'done'
        """;

    private readonly List<(string Id, DateTime At)> _owed = [];

    /// <summary>When the owed marks are to be written; <see cref="DateTime.MaxValue"/> when none are owed.</summary>
    public DateTime DueAt { get; private set; } = DateTime.MaxValue;

    public int Count => _owed.Count;

    public void Add(string jobId, DateTime appliedAt)
    {
        if (_owed.Count == 0)
        {
            DueAt = appliedAt + delay;
        }
        _owed.Add((jobId, appliedAt));
        if (_owed.Count >= batch)
        {
            DueAt = DateTime.MinValue;
        }
    }

    /// <summary>Writes what is owed once it is due (or always, with <paramref name="force"/>); a failure keeps it owed.</summary>
    public async Task FlushAsync(NpgsqlDataSource dataSource, bool force, CancellationToken ct)
    {
        if (_owed.Count == 0 || (!force && DateTime.UtcNow < DueAt))
        {
            return;
        }

        await using var command = dataSource.CreateCommand(Mark);
        command.Parameters.Add(new NpgsqlParameter { Value = _owed.Select(o => o.Id).ToArray() });
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = _owed.Select(o => o.At).ToArray(),
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
        });
        await command.ExecuteNonQueryAsync(ct);
        _owed.Clear();
        DueAt = DateTime.MaxValue;
    }
}
