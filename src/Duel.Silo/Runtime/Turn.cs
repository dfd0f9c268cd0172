using Npgsql;
using NpgsqlTypes;

namespace Duel.Silo.Runtime;

/// <summary>
/// One turn: a transaction on one connection, the grains it has loaded, and the effects they registered.
/// The clock and the id sequence are fixed when the turn is created, so every retry sees the same ones.
/// </summary>
internal sealed partial class Turn(GrainRuntime runtime, IServiceProvider services, DateTimeOffset now, bool readOnly)
{
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
