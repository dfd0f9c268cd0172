using System.Collections.Concurrent;

namespace Duel.Silo.Tests.Grains;

/// <summary>Named one-shot signals between a test and its grains (grains run in the test's process).</summary>
public static class TestSignals
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> Signals = new();

    public static TaskCompletionSource Get(string name) =>
        Signals.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public static void Set(string name) => Get(name).TrySetResult();

    public static Task WaitAsync(string name) => Get(name).Task.WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Waits until <paramref name="count"/> callers have arrived at <paramref name="name"/> (later callers pass at once).</summary>
    public static Task ArriveAsync(string name, int count)
    {
        if (Counters.AddOrUpdate(name, 1, (_, n) => n + 1) >= count)
        {
            Set(name);
        }
        return WaitAsync(name);
    }

    /// <summary>Counts calls under a name (e.g. turn attempts).</summary>
    public static int Count(string name) => Counters.AddOrUpdate(name, 1, (_, n) => n + 1);

    public static int Read(string name) => Counters.GetValueOrDefault(name);

    /// <summary>Appends a value to a named log (e.g. what each turn attempt saw).</summary>
    public static void Log(string name, string value) => Logs.GetOrAdd(name, _ => []).Enqueue(value);

    public static string[] ReadLog(string name) => Logs.TryGetValue(name, out var log) ? [.. log] : [];

    private static readonly ConcurrentDictionary<string, int> Counters = new();
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> Logs = new();
}
