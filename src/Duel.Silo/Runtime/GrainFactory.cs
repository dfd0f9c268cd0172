using System.Reflection;
using Duel.Grains.Runtime;

namespace Duel.Silo.Runtime;

internal sealed class GrainFactory(GrainRuntime runtime) : IGrainFactory
{
    public T GetGrain<T>(string key) where T : IGrain
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var registration = runtime.Registry.Get(typeof(T));
        var proxy = DispatchProxy.Create<T, GrainProxy>();
        ((GrainProxy)(object)proxy).Initialize(runtime, registration, key);
        return proxy;
    }
}
