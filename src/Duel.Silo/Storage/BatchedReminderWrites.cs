using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;

namespace Duel.Silo.Storage;

/// <summary>
/// The reminder table with its two writes, an upsert and a delete by version, sent by the silo's
/// <see cref="WriteBatcher"/>: a battle sets one when it starts and removes it when it ends, so a burst of starts
/// or finishes paid a commit each. The reads, range reads and start-up stay the ADO.NET provider's; the rows are
/// its rows (<c>grain_id</c> as <see cref="GrainId.ToString"/>, <c>grain_hash</c> the uniform hash as a signed int).
/// </summary>
internal sealed class BatchedReminderWrites(IReminderTable reads, string serviceId, WriteBatcher writes) : IReminderTable
{
    private const string Upsert = """
        insert into orleans_reminders (service_id, grain_id, reminder_name, start_at, period_ms, grain_hash, version)
        values ($1, $2, $3, $4, $5, $6, 0)
        on conflict (service_id, grain_id, reminder_name) do update
        set start_at = excluded.start_at, period_ms = excluded.period_ms, grain_hash = excluded.grain_hash,
            version = orleans_reminders.version + 1
        returning version
        """;

    private const string Delete = """
        delete from orleans_reminders
        where service_id = $1 and grain_id = $2 and reminder_name = $3 and version = $4
        returning 1
        """;

    public Task StartAsync(CancellationToken cancellationToken = default) => reads.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => reads.StopAsync(cancellationToken);

    public Task<ReminderTableData> ReadRows(GrainId grainId) => reads.ReadRows(grainId);

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => reads.ReadRows(begin, end);

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => reads.ReadRow(grainId, reminderName);

    public Task TestOnlyClearTable() => reads.TestOnlyClearTable();

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        var version = await writes.WriteAsync(Upsert,
            new() { Value = serviceId },
            new() { Value = entry.GrainId.ToString() },
            new() { Value = entry.ReminderName },
            new() { Value = DateTime.SpecifyKind(entry.StartAt, DateTimeKind.Utc), NpgsqlDbType = NpgsqlDbType.TimestampTz },
            new() { Value = (long)entry.Period.TotalMilliseconds },
            new() { Value = unchecked((int)entry.GrainId.GetUniformHashCode()) });
        return version?.ToString(CultureInfo.InvariantCulture);
    }

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) =>
        int.TryParse(eTag, CultureInfo.InvariantCulture, out var version)
        && await writes.WriteAsync(Delete,
            new() { Value = serviceId }, new() { Value = grainId.ToString() }, new() { Value = reminderName }, new() { Value = version }) is not null;
}

public static class BatchedReminderWritesExtensions
{
    /// <summary>Sends the registered reminder table's writes through the silo's <see cref="WriteBatcher"/> (call after registering the table).</summary>
    public static ISiloBuilder UseBatchedReminderWrites(this ISiloBuilder silo)
    {
        var services = silo.Services;
        var table = services.Last(d => d.ServiceType == typeof(IReminderTable) && !d.IsKeyedService);
        var implementation = table.ImplementationType
            ?? throw new InvalidOperationException("The reminder table to batch must be registered by its type.");
        services.Remove(table);
        services.TryAddWriteBatcher();
        services.AddSingleton<IReminderTable>(sp => new BatchedReminderWrites(
            (IReminderTable)ActivatorUtilities.CreateInstance(sp, implementation),
            sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            sp.GetRequiredService<WriteBatcher>()));
        return silo;
    }
}
