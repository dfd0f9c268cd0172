using System.Text.Json;
using Duel.Silo.Events;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Duel.Silo.Runtime;

/// <summary>The effects a turn's grains register, and the commit that performs them with the state writes.</summary>
internal sealed partial class Turn
{
    private const string UpdateState = """
        update grain_state set state = $3::jsonb, version = version + 1, event_seq = $4, updated_at = now()
        where grain_type = $1 and grain_key = $2
        """;

    private const string UpdateEventSeq = """
        update grain_state set event_seq = $3 where grain_type = $1 and grain_key = $2
        """;

    private const string InsertEvents = """
        insert into grain_events (stream, seq, type, data)
        select s, q, t, d::jsonb from unnest($1::text[], $2::bigint[], $3::text[], $4::text[]) as e(s, q, t, d)
        """;

    private const string InsertJobs = """
        insert into jobs (id, queue, payload, grain_type, grain_key)
        select i, q, p::jsonb, gt, gk from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) as j(i, q, p, gt, gk)
        """;

    private const string UpsertReminder = """
        insert into reminders (grain_type, grain_key, name, due_at) values ($1, $2, $3, $4)
        on conflict (grain_type, grain_key, name) do update set due_at = excluded.due_at
        """;

    private const string DeleteReminder = """
        delete from reminders where grain_type = $1 and grain_key = $2 and name = $3
        """;

    private readonly List<OutgoingEvent> _events = [];
    private readonly List<(string Id, string Queue, string Payload, string GrainType, string GrainKey)> _jobs = [];
    private readonly Dictionary<(string Type, string Key, string Name), DateTimeOffset?> _reminders = [];
    private readonly List<Func<NpgsqlConnection, CancellationToken, Task>> _facts = [];
    private readonly List<NpgsqlBatchCommand> _commands = [];
    private readonly List<Action> _afterCommit = [];

    /// <summary>The events committed by the turn, for the publisher.</summary>
    public IReadOnlyList<OutgoingEvent> Events => _events;

    /// <summary>The actions of the attempt that committed, for the runtime to run once.</summary>
    public IReadOnlyList<Action> AfterCommitActions => _afterCommit;

    public void Publish(Activation activation, string type, object data)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        var json = JsonSerializer.Serialize(data, data.GetType(), GrainJson.State);
        lock (_sync)
        {
            EnsureWritable(activation, "Publish");
            _events.Add(new OutgoingEvent(activation.Stream, ++activation.EventSeq, type, json));
        }
    }

    public string EnqueueJob(Activation activation, string queue, object payload)
    {
        ArgumentException.ThrowIfNullOrEmpty(queue);
        var json = payload is JsonElement element ? element.GetRawText() : JsonSerializer.Serialize(payload, payload.GetType(), GrainJson.Jobs);
        var id = NewId();
        lock (_sync)
        {
            EnsureWritable(activation, "EnqueueJob");
            _jobs.Add((id, queue, json, activation.Registration.TypeName, activation.Key));
        }
        return id;
    }

    /// <summary>Sets (or, with a null due time, clears) a reminder; the last call for a name wins.</summary>
    public void SetReminder(Activation activation, string name, DateTimeOffset? due)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (_sync)
        {
            EnsureWritable(activation, due is null ? "ClearReminder" : "SetReminder");
            _reminders[(activation.Registration.TypeName, activation.Key, name)] = due;
        }
    }

    public void Record<T>(Activation activation, T fact) where T : class
    {
        var writer = Services.GetService<IReadModelWriter<T>>() ?? throw new InvalidOperationException(
            $"No read-model writer for {typeof(T).Name}: register one with services.AddReadModelWriter<{typeof(T).Name}, TWriter>().");
        lock (_sync)
        {
            EnsureWritable(activation, "Record");
            _facts.Add((connection, ct) => writer.WriteAsync(connection, fact, ct));
        }
    }

    public void AfterCommit(Activation activation, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        lock (_sync)
        {
            EnsureWritable(activation, "AfterCommit");
            _afterCommit.Add(action);
        }
    }

    /// <summary>A statement for the commit batch, for service turns (e.g. marking a job applied).</summary>
    public void AddCommand(string sql, params object?[] values)
    {
        lock (_sync)
        {
            _commands.Add(Command(sql, values));
        }
    }

    public async Task CommitAsync(CancellationToken ct)
    {
        if (!_begun)
        {
            return;
        }
        foreach (var fact in _facts)
        {
            await fact(Connection, ct);
        }
        await using var batch = CreateBatch();
        foreach (var activation in _locked.Values.Select(t => t.Result))
        {
            var json = activation.State?.ChangedJson();
            if (json is not null)
            {
                batch.BatchCommands.Add(Command(UpdateState, activation.Registration.TypeName, activation.Key, json, activation.EventSeq));
            }
            else if (activation.EventSeq != activation.LoadedEventSeq)
            {
                batch.BatchCommands.Add(Command(UpdateEventSeq, activation.Registration.TypeName, activation.Key, activation.EventSeq));
            }
        }
        if (_events.Count > 0)
        {
            batch.BatchCommands.Add(Command(InsertEvents,
                _events.Select(e => e.Stream).ToArray(), _events.Select(e => e.Seq).ToArray(),
                _events.Select(e => e.Type).ToArray(), _events.Select(e => e.Data).ToArray()));
        }
        if (_jobs.Count > 0)
        {
            batch.BatchCommands.Add(Command(InsertJobs,
                _jobs.Select(j => j.Id).ToArray(), _jobs.Select(j => j.Queue).ToArray(), _jobs.Select(j => j.Payload).ToArray(),
                _jobs.Select(j => j.GrainType).ToArray(), _jobs.Select(j => j.GrainKey).ToArray()));
        }
        foreach (var ((type, key, name), due) in _reminders)
        {
            batch.BatchCommands.Add(due is { } at ? Command(UpsertReminder, type, key, name, at.ToUniversalTime()) : Command(DeleteReminder, type, key, name));
        }
        foreach (var command in _commands)
        {
            batch.BatchCommands.Add(command);
        }
        batch.BatchCommands.Add(new NpgsqlBatchCommand("commit"));
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Rolls back; on a broken connection the server has already done so.</summary>
    public async Task RollbackAsync()
    {
        if (!_begun || _connection is not { State: System.Data.ConnectionState.Open })
        {
            return;
        }
        try
        {
            await using var command = new NpgsqlCommand("rollback", _connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
        }
    }

    private void ClearEffects()
    {
        _events.Clear();
        _jobs.Clear();
        _reminders.Clear();
        _facts.Clear();
        _commands.Clear();
        _afterCommit.Clear();
    }

    private void EnsureWritable(Activation activation, string what)
    {
        if (!Active)
        {
            throw new InvalidOperationException($"{activation.Stream}: {what} after its turn ended.");
        }
        if (ReadOnly || !activation.Locked)
        {
            throw new InvalidOperationException($"{activation.Stream}: {what} is not allowed in a [ReadOnly] call.");
        }
    }
}
