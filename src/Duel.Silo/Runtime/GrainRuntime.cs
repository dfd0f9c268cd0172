using Duel.Grains.Runtime;
using Duel.Silo.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Polly;
using Polly.Retry;

namespace Duel.Silo.Runtime;

/// <summary>
/// Runs grain calls as turns: an outer call opens a transaction (retried on deadlock / serialization failure),
/// a call made while a turn runs in the same async flow joins it.
/// </summary>
public sealed class GrainRuntime
{
    private static readonly AsyncLocal<CallFrame?> Current = new();

    private readonly NpgsqlDataSource _dataSource;
    private readonly IServiceProvider _services;
    private readonly EventPublisher _publisher;
    private readonly TimeProvider _time;
    private readonly ILogger<GrainRuntime> _logger;
    private readonly KeyedGate _gate = new();
    private readonly ResiliencePipeline _retry;

    public GrainRuntime(
        NpgsqlDataSource dataSource, GrainRegistry registry, IServiceProvider services, EventPublisher publisher,
        TimeProvider time, IOptions<SiloOptions> options, ILogger<GrainRuntime> logger)
    {
        _dataSource = dataSource;
        Registry = registry;
        _services = services;
        _publisher = publisher;
        _time = time;
        _logger = logger;
        Factory = new GrainFactory(this);
        _retry = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(IsRetryable),
            MaxRetryAttempts = options.Value.MaxTurnAttempts - 1,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(10),
            OnRetry = args =>
            {
                Counters.Retried();
                _logger.LogDebug(args.Outcome.Exception, "Turn retried (attempt {Attempt})", args.AttemptNumber + 1);
                return default;
            },
        }).Build();
    }

    public GrainRegistry Registry { get; }

    public IGrainFactory Factory { get; }

    public RuntimeCounters Counters { get; } = new();

    /// <summary>True while the current async flow runs inside a turn.</summary>
    public static bool InTurn => Current.Value is { Turn.Active: true };

    internal Task<T> InvokeAsync<T>(GrainRegistration registration, string key, bool readOnly, string method, Func<object, Task<T>> call)
    {
        if (Current.Value is { Turn.Active: true } frame)
        {
            return CallInTurnAsync(frame, registration, key, readOnly, method, call);
        }
        return readOnly
            ? RunReadOnlyAsync(registration, key, call)
            : RunTurnAsync($"{registration.TypeName}/{key}",
                turn => CallInTurnAsync(new CallFrame(turn, null), registration, key, false, method, call), CancellationToken.None);
    }

    /// <summary>
    /// Runs <paramref name="body"/> as one turn: grain calls it makes join the transaction, which commits when
    /// it returns. Calls with the same <paramref name="gateKey"/> queue behind each other inside this silo.
    /// </summary>
    internal async Task<T> RunTurnAsync<T>(string? gateKey, Func<Turn, Task<T>> body, CancellationToken ct)
    {
        using var gate = gateKey is null ? default : await _gate.EnterAsync(gateKey, ct);
        await using var scope = _services.CreateAsyncScope();
        var turn = new Turn(this, scope.ServiceProvider, _time.GetUtcNow(), readOnly: false);
        Counters.Started();
        try
        {
            var result = await _retry.ExecuteAsync(async token => await AttemptAsync(turn, body, token), ct);
            Counters.Committed();
            // Before publishing, so a lifecycle log line precedes what the event triggers.
            RunAfterCommit(turn);
            _publisher.Enqueue(turn.Events);
            return result;
        }
        catch
        {
            Counters.Failed();
            throw;
        }
    }

    private void RunAfterCommit(Turn turn)
    {
        foreach (var action in turn.AfterCommitActions)
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                // The turn has committed: its caller must see success, not a failing log line.
                _logger.LogError(e, "An after-commit action failed");
            }
        }
    }

    internal async Task LockManyAsync(Turn turn, Activation caller, Type @interface, IEnumerable<string> keys)
    {
        var registration = Registry.Get(@interface);
        CheckOrder(turn, caller, registration, "(LockAsync)", "LockAsync");
        await turn.LockManyAsync(registration, keys.Order(StringComparer.Ordinal));
    }

    private async Task<T> AttemptAsync<T>(Turn turn, Func<Turn, Task<T>> body, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        turn.StartAttempt(connection);
        try
        {
            Current.Value = new CallFrame(turn, null);
            var result = await body(turn);
            await turn.CommitAsync(ct);
            return result;
        }
        catch
        {
            await turn.RollbackAsync();
            throw;
        }
        finally
        {
            turn.End();
        }
    }

    private async Task<T> RunReadOnlyAsync<T>(GrainRegistration registration, string key, Func<object, Task<T>> call)
    {
        await using var scope = _services.CreateAsyncScope();
        var turn = new Turn(this, scope.ServiceProvider, _time.GetUtcNow(), readOnly: true);
        await using var connection = await _dataSource.OpenConnectionAsync();
        turn.StartAttempt(connection);
        try
        {
            var activation = await turn.LoadAsync(registration, key, forUpdate: false);
            Current.Value = new CallFrame(turn, activation);
            return await call(activation.Grain);
        }
        finally
        {
            turn.End();
        }
    }

    internal async Task<T> CallInTurnAsync<T>(
        CallFrame frame, GrainRegistration registration, string key, bool readOnly, string method, Func<object, Task<T>> call)
    {
        var turn = frame.Turn;
        Activation activation;
        if (readOnly)
        {
            // Reads take no lock, so they may go against the level order; inside a turn they see its changes.
            activation = await (turn.FindLocked(registration, key) ?? turn.LoadAsync(registration, key, forUpdate: false));
        }
        else
        {
            CheckOrder(turn, frame.Caller, registration, key, method);
            activation = await turn.LockAsync(registration, key);
        }
        Current.Value = frame with { Caller = activation };
        return await call(activation.Grain);
    }

    private static void CheckOrder(Turn turn, Activation? caller, GrainRegistration target, string key, string method)
    {
        if (turn.ReadOnly)
        {
            throw new GrainCallOrderException(
                $"{caller?.ToString() ?? "A read-only call"} is read-only and cannot call the writing method {target.TypeName}/{key}.{method}.");
        }
        if (caller is not null && target.Level < caller.Registration.Level)
        {
            throw new GrainCallOrderException(
                $"Grain call against the level order: {caller.Stream} (level {caller.Registration.Level}) called " +
                $"{target.TypeName}/{key}.{method} (level {target.Level}). Calls go from lower to higher levels only " +
                "(matchmaker 1 → battle 2 → player 3), so row locks are always taken in one order.");
        }
    }

    private static bool IsRetryable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure })
            {
                return true;
            }
        }
        return false;
    }
}
