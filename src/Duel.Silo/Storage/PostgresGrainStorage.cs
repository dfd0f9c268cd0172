using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Duel.Silo.Storage;

/// <summary>
/// Grain state in <c>orleans_grain_state</c> (migration 007), the table and row format of Orleans' ADO.NET
/// provider, with the same optimistic versions: a write or clear succeeds only against the version the caller
/// read, and "no row" from either is an <see cref="InconsistentStateException"/>. Unlike that provider, writes
/// go through a <see cref="WriteBatcher"/>: the grains' writes that arrive together share one round trip and one
/// commit (docs/performance.md). Reads are single statements.
/// </summary>
internal sealed class PostgresGrainStorage(
    string serviceId, NpgsqlDataSource dataSource, WriteBatcher writes, IGrainStorageSerializer serializer, IActivatorProvider activators)
    : IGrainStorage
{
    private const string KeyMatches = """
        grain_id_hash = $1 and grain_type_hash = $2 and service_id = $3 and grain_type = $4
          and grain_id_n0 = $5 and grain_id_n1 = $6 and grain_id_ext is not distinct from $7
        """;

    private const string Read = $"""
        select payload, version from orleans_grain_state where {KeyMatches}
        """;

    // Only one of the two branches can return a row: the update when $9 is the stored version, the insert when
    // the caller read no row ($9 null) and no other activation inserted first.
    private const string Write = $"""
        with updated as (
            update orleans_grain_state set payload = $8, version = version + 1, modified_at = now()
            where {KeyMatches} and version = $9
            returning version
        ), inserted as (
            insert into orleans_grain_state
                (grain_id_hash, grain_type_hash, service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, payload, version)
            select $1, $2, $3, $4, $5, $6, $7, $8, 1
            where $9 is null
            on conflict do nothing
            returning version
        )
        select version from updated union all select version from inserted
        """;

    // The row and its version stay, so the version sequence never restarts under a stale activation.
    private const string Clear = $"""
        update orleans_grain_state set payload = null, version = version + 1, modified_at = now()
        where {KeyMatches} and version = $8
        returning version
        """;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var command = dataSource.CreateCommand(Read);
        command.Parameters.AddRange(KeyParameters(GrainRowKey.Of(stateName, grainId)));
        await using var reader = await command.ExecuteReaderAsync();
        var found = await reader.ReadAsync();
        var payload = found && !reader.IsDBNull(0) ? reader.GetFieldValue<byte[]>(0) : null;
        grainState.State = payload is null ? activators.GetActivator<T>().Create() : serializer.Deserialize<T>(new BinaryData(payload));
        grainState.ETag = found ? reader.GetInt32(1).ToString(CultureInfo.InvariantCulture) : null;
        grainState.RecordExists = payload is not null;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = GrainRowKey.Of(stateName, grainId);
        var payload = serializer.Serialize(grainState.State).ToArray();
        var version = await writes.WriteAsync(Write,
            [.. KeyParameters(key), new() { Value = payload, NpgsqlDbType = NpgsqlDbType.Bytea }, Version(grainState.ETag)]);
        grainState.ETag = Accepted(version, "write", stateName, grainId, grainState.ETag);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (grainState.ETag is null)
        {
            // Nothing read means nothing to clear, unless another activation stored a row meanwhile.
            await ReadStateAsync(stateName, grainId, grainState);
            if (grainState.ETag is null)
            {
                return;
            }
        }
        var version = await writes.WriteAsync(Clear, [.. KeyParameters(GrainRowKey.Of(stateName, grainId)), Version(grainState.ETag)]);
        grainState.ETag = Accepted(version, "clear", stateName, grainId, grainState.ETag);
        grainState.RecordExists = false;
        grainState.State = activators.GetActivator<T>().Create();
    }

    private string Accepted(int? version, string operation, string stateName, GrainId grainId, string? etag) =>
        version?.ToString(CultureInfo.InvariantCulture) ?? throw new InconsistentStateException(
            $"Version conflict ({operation}): ServiceId={serviceId} GrainType={stateName} GrainId={grainId} ETag={etag}.");

    private NpgsqlParameter[] KeyParameters(GrainRowKey key) =>
    [
        new() { Value = key.IdHash, NpgsqlDbType = NpgsqlDbType.Integer },
        new() { Value = key.TypeHash, NpgsqlDbType = NpgsqlDbType.Integer },
        new() { Value = serviceId, NpgsqlDbType = NpgsqlDbType.Text },
        new() { Value = key.GrainType, NpgsqlDbType = NpgsqlDbType.Text },
        new() { Value = key.N0, NpgsqlDbType = NpgsqlDbType.Bigint },
        new() { Value = key.N1, NpgsqlDbType = NpgsqlDbType.Bigint },
        new() { Value = (object?)key.Extension ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
    ];

    private static NpgsqlParameter Version(string? etag) => new()
    {
        Value = etag is null ? DBNull.Value : int.Parse(etag, CultureInfo.InvariantCulture),
        NpgsqlDbType = NpgsqlDbType.Integer,
    };
}
