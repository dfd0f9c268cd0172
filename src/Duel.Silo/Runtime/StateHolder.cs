using System.Text.Json;
using Duel.Grains.Runtime;

namespace Duel.Silo.Runtime;

/// <summary>A grain's loaded state and what it looked like when loaded, to tell whether the turn changed it.</summary>
internal abstract class StateHolder
{
    public long Version { get; protected init; }

    public bool RecordExists { get; protected init; }

    protected string Baseline { get; init; } = "";

    public abstract string Serialize();

    /// <summary>The state's JSON when it differs from the loaded one, else null.</summary>
    public string? ChangedJson()
    {
        var json = Serialize();
        return json == Baseline ? null : json;
    }
}

internal sealed class PersistentState<TState> : StateHolder, IPersistentState<TState> where TState : class, new()
{
    public PersistentState(string? json, long version)
    {
        State = json is null ? new TState() : JsonSerializer.Deserialize<TState>(json, GrainJson.State) ?? new TState();
        Version = version;
        RecordExists = json is not null;
        Baseline = Serialize();
    }

    public TState State { get; set; }

    public override string Serialize() => JsonSerializer.Serialize(State, GrainJson.State);

    /// <summary>Used through reflection by <see cref="GrainRegistration"/> for the grain's state type.</summary>
    public static StateHolder Create(string? json, long version) => new PersistentState<TState>(json, version);
}
