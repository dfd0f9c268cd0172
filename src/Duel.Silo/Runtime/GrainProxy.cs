using System.Reflection;

namespace Duel.Silo.Runtime;

/// <summary>What <see cref="Duel.Grains.Runtime.IGrainFactory.GetGrain{T}"/> returns: every call becomes a turn (or joins one).</summary>
public class GrainProxy : DispatchProxy
{
    private GrainRuntime _runtime = null!;
    private GrainRegistration _registration = null!;
    private string _key = "";

    /// <summary>
    /// A copy of this proxy (same generated type) for another grain. DispatchProxy.Create activates the generated
    /// type through reflection each time, which under load costs more CPU than the turn's own work.
    /// </summary>
    internal GrainProxy For(GrainRuntime runtime, GrainRegistration registration, string key)
    {
        var proxy = (GrainProxy)MemberwiseClone();
        proxy._runtime = runtime;
        proxy._registration = registration;
        proxy._key = key;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.DeclaringType == typeof(object))
        {
            return targetMethod.Invoke(this, args);
        }
        return _registration.Method(targetMethod).Invoke(_runtime, _registration, _key, args ?? []);
    }

    public override string ToString() => $"{_registration.TypeName}/{_key}";
}
