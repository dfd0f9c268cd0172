using System.Collections.Concurrent;
using System.Reflection;
using Duel.Grains.Runtime;

namespace Duel.Silo.Runtime;

internal sealed class GrainFactory(GrainRuntime runtime) : IGrainFactory
{
    // One proxy made by DispatchProxy per interface; every grain's proxy is a clone of it.
    private readonly ConcurrentDictionary<Type, GrainProxy> _templates = new();

    public T GetGrain<T>(string key) where T : IGrain
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var registration = runtime.Registry.Get(typeof(T));
        var template = _templates.GetOrAdd(typeof(T), _ => (GrainProxy)(object)DispatchProxy.Create<T, GrainProxy>()!);
        return (T)(object)template.For(runtime, registration, key);
    }
}
