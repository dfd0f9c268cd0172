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
}
