using Microsoft.Extensions.Logging;

namespace Duel.Silo.Tests;

/// <summary>A logger that keeps every entry, for tests that check what a service reported.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly TaskCompletionSource<string> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<(LogLevel Level, string Message, Exception? Error)> Entries { get; } = [];

    /// <summary>The first entry's message, once something is logged.</summary>
    public Task<string> First => _first.Task;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var message = formatter(state, exception);
        lock (Entries) Entries.Add((logLevel, message, exception));
        _first.TrySetResult(message);
    }
}
