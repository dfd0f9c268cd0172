using Npgsql;
using NpgsqlTypes;

namespace Duel.Silo.Runtime;

/// <summary>
/// One turn: a transaction on one connection, the grains it has loaded, and the effects they registered.
/// The clock and the id sequence are fixed when the turn is created, so every retry sees the same ones.
/// </summary>
internal sealed partial class Turn(GrainRuntime runtime, IServiceProvider services, DateTimeOffset now, bool readOnly)
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

    private readonly object _sync = new();
    private readonly Dictionary<string, Task<Activation>> _locked = new(StringComparer.Ordinal);
    private readonly List<string> _ids = [];
    private NpgsqlConnection? _connection;
    private int _nextId;
    private bool _beginPending;
    private bool _begun;

    public GrainRuntime Runtime { get; } = runtime;

    public IServiceProvider Services { get; } = services;

    public DateTimeOffset Now { get; } = now;

    public bool ReadOnly { get; } = readOnly;

    /// <summary>False once the attempt has committed or failed: a late call then starts a turn of its own.</summary>
    public bool Active { get; private set; }

    /// <summary>Serialises the use of the connection by grains that call others concurrently.</summary>
    public SemaphoreSlim Db { get; } = new(1, 1);

    public NpgsqlConnection Connection => _connection ?? throw new InvalidOperationException("The turn has no connection.");

    public void StartAttempt(NpgsqlConnection connection)
    {
        _connection = connection;
        _locked.Clear();
        ClearEffects();
        _nextId = 0;
        _beginPending = !ReadOnly;
        _begun = false;
        Active = true;
    }

    public void End() => Active = false;

    /// <summary>Ids are drawn in order, so a retry that makes the same calls gets the same ids.</summary>
    public string NewId()
    {
        lock (_sync)
        {
            if (_nextId == _ids.Count)
            {
                _ids.Add(Guid.CreateVersion7(Now).ToString("N"));
            }
            return _ids[_nextId++];
        }
    }

    public Task<Activation>? FindLocked(GrainRegistration registration, string key)
    {
        lock (_sync)
        {
            return _locked.GetValueOrDefault(Id(registration, key));
        }
    }

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

    /// <summary>Sends BEGIN now if no command has yet (for service turns that start with their own SQL).</summary>
    public async Task EnsureBegunAsync()
    {
        if (_beginPending)
        {
            await using var batch = CreateBatch();
            await batch.ExecuteNonQueryAsync();
        }
    }

    /// <summary>A batch on the turn's connection, starting with BEGIN when the transaction has not begun yet.</summary>
    public NpgsqlBatch CreateBatch()
    {
        var batch = new NpgsqlBatch(Connection);
        if (_beginPending)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("begin"));
            _beginPending = false;
            _begun = true;
        }
        return batch;
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

    private static string Id(GrainRegistration registration, string key) => $"{registration.TypeName}/{key}";

    internal static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(value is null ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text } : new NpgsqlParameter { Value = value });
        }
        return command;
    }
}
