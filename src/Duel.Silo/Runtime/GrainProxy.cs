using System.Reflection;

namespace Duel.Silo.Runtime;

/// <summary>What <see cref="Duel.Grains.Runtime.IGrainFactory.GetGrain{T}"/> returns: every call becomes a turn (or joins one).</summary>
public class GrainProxy : DispatchProxy
{
    private GrainRuntime _runtime = null!;
    private GrainRegistration _registration = null!;
    private string _key = "";

    internal void Initialize(GrainRuntime runtime, GrainRegistration registration, string key)
    {
        _runtime = runtime;
        _registration = registration;
        _key = key;
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
