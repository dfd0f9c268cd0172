using Npgsql;

namespace Duel.Silo.Runtime;

/// <summary>Loading grains into a turn: one row lock per grain, state read with it, instance built for the turn.</summary>
internal sealed partial class Turn
{
    private const string InsertRow = """
        insert into grain_state (grain_type, grain_key) values ($1, $2) on conflict do nothing
        """;

    private const string SelectRowForUpdate = """
        select version, event_seq, state::text from grain_state where grain_type = $1 and grain_key = $2 for update
        """;

    private const string SelectRow = """
        select version, event_seq, state::text from grain_state where grain_type = $1 and grain_key = $2
        """;

    private const string InsertRows = """
        insert into grain_state (grain_type, grain_key)
        select $1, k from unnest($2::text[]) as k order by k collate "C" on conflict do nothing
        """;

    private const string SelectRowsForUpdate = """
        select grain_key, version, event_seq, state::text from grain_state
        where grain_type = $1 and grain_key = any($2) order by grain_key collate "C" for update
        """;

    /// <summary>The grain's activation in this turn, loading and locking its row on first use.</summary>
    public Task<Activation> LockAsync(GrainRegistration registration, string key)
    {
        lock (_sync)
        {
            var id = Id(registration, key);
            if (!_locked.TryGetValue(id, out var activation))
            {
                activation = LoadAsync(registration, key, forUpdate: true);
                _locked[id] = activation;
            }
            return activation;
        }
    }

    /// <summary>Loads a grain; without <paramref name="forUpdate"/> it reads the committed state and takes no lock.</summary>
    public async Task<Activation> LoadAsync(GrainRegistration registration, string key, bool forUpdate)
    {
        await Db.WaitAsync();
        try
        {
            // Most calls find the row; only a grain's first call pays a second round trip to create it.
            var row = await ReadRowAsync(registration, key, forUpdate, create: false);
            if (row is null && forUpdate)
            {
                row = await ReadRowAsync(registration, key, forUpdate, create: true);
            }
            var (json, version, eventSeq) = row ?? (null, 0, 0);
            return Activate(registration, key, json, version, eventSeq, forUpdate);
        }
        finally
        {
            Db.Release();
        }
    }

    private async Task<(string? Json, long Version, long EventSeq)?> ReadRowAsync(
        GrainRegistration registration, string key, bool forUpdate, bool create)
    {
        await using var batch = CreateBatch();
        if (create)
        {
            batch.BatchCommands.Add(Command(InsertRow, registration.TypeName, key));
        }
        batch.BatchCommands.Add(Command(forUpdate ? SelectRowForUpdate : SelectRow, registration.TypeName, key));
        await using var reader = await batch.ExecuteReaderAsync();
        if (!await NextRowAsync(reader))
        {
            return null;
        }
        return (reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Locks several grains of one type in key order with one round trip.</summary>
    public async Task LockManyAsync(GrainRegistration registration, IEnumerable<string> keys)
    {
        string[] missing;
        lock (_sync)
        {
            missing = [.. keys.Distinct(StringComparer.Ordinal).Where(k => !_locked.ContainsKey(Id(registration, k)))];
        }
        if (missing.Length == 0)
        {
            return;
        }
        var loaded = new Dictionary<string, Activation>(StringComparer.Ordinal);
        await Db.WaitAsync();
        try
        {
            await using var batch = CreateBatch();
            batch.BatchCommands.Add(Command(InsertRows, registration.TypeName, missing));
            batch.BatchCommands.Add(Command(SelectRowsForUpdate, registration.TypeName, missing));
            await using var reader = await batch.ExecuteReaderAsync();
            while (await NextRowAsync(reader))
            {
                var key = reader.GetString(0);
                loaded[key] = Activate(registration, key, reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.GetInt64(1), reader.GetInt64(2), locked: true);
            }
        }
        finally
        {
            Db.Release();
        }
        lock (_sync)
        {
            foreach (var (key, activation) in loaded)
            {
                _locked.TryAdd(Id(registration, key), Task.FromResult(activation));
            }
        }
    }

    private Activation Activate(GrainRegistration registration, string key, string? json, long version, long eventSeq, bool locked)
    {
        var state = registration.CreateState?.Invoke(json, version);
        var activation = new Activation(registration, key, state, eventSeq, locked);
        var context = new GrainContext(this, activation);
        object[] arguments = (registration.TakesContext, state) switch
        {
            (true, null) => [context],
            (true, _) => [context, state],
            (false, null) => [],
            (false, _) => [state],
        };
        activation.Grain = registration.Factory(Services, arguments);
        return activation;
    }

    // Non-query commands in a batch (BEGIN, INSERT) may or may not surface as empty results: skip them.
    private static async Task<bool> NextRowAsync(NpgsqlDataReader reader)
    {
        do
        {
            if (reader.FieldCount > 0 && await reader.ReadAsync())
            {
                return true;
            }
        }
        while (reader.FieldCount == 0 && await reader.NextResultAsync());
        return false;
    }
}
