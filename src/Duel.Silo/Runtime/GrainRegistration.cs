using System.Collections.Concurrent;
using System.Reflection;
using Duel.Grains.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Duel.Silo.Runtime;

/// <summary>A grain interface, its class, its state type and how to build it; made by <c>AddGrain&lt;IX, X&gt;()</c>.</summary>
public sealed class GrainRegistration
{
    private readonly ConcurrentDictionary<MethodInfo, GrainMethod> _methods = new();

    private GrainRegistration(Type @interface, Type implementation, GrainTypeAttribute type)
    {
        Interface = @interface;
        Implementation = implementation;
        TypeName = type.Name;
        Level = type.Level;
        var constructor = implementation.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new InvalidOperationException($"Grain class {implementation.Name} has no public constructor.");
        var stateParameter = constructor.GetParameters()
            .Select(p => p.ParameterType)
            .FirstOrDefault(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IPersistentState<>));
        StateType = stateParameter?.GetGenericArguments()[0];
        TakesContext = constructor.GetParameters().Any(p => p.ParameterType == typeof(IGrainContext));
        Type[] arguments = [.. TakesContext ? [typeof(IGrainContext)] : Array.Empty<Type>(), .. stateParameter is null ? [] : new[] { stateParameter }];
        Factory = ActivatorUtilities.CreateFactory(implementation, arguments);
        if (StateType is not null)
        {
            var create = typeof(PersistentState<>).MakeGenericType(StateType).GetMethod(nameof(PersistentState<object>.Create))!;
            CreateState = create.CreateDelegate<Func<string?, long, StateHolder>>();
        }
    }

    public Type Interface { get; }

    public Type Implementation { get; }

    /// <summary>The name in state rows and event streams (<c>battle</c> in <c>battle/b-1</c>).</summary>
    public string TypeName { get; }

    public int Level { get; }

    public Type? StateType { get; }

    internal bool TakesContext { get; }

    internal ObjectFactory Factory { get; }

    internal Func<string?, long, StateHolder>? CreateState { get; }

    internal GrainMethod Method(MethodInfo method) => _methods.GetOrAdd(method, m => new GrainMethod(m));

    public override string ToString() => $"{TypeName} ({Interface.Name}, level {Level})";

    public static GrainRegistration Create<TInterface, TGrain>() where TInterface : IGrain where TGrain : class, TInterface
    {
        var @interface = typeof(TInterface);
        var type = @interface.GetCustomAttribute<GrainTypeAttribute>()
            ?? throw new InvalidOperationException($"{@interface.Name} needs [GrainType(name, level)].");
        if (string.IsNullOrWhiteSpace(type.Name) || type.Name.Contains('/'))
        {
            throw new InvalidOperationException($"{@interface.Name}: grain type name '{type.Name}' must be non-empty and without '/'.");
        }
        foreach (var method in AllMethods(@interface))
        {
            var returns = method.ReturnType;
            var ok = returns == typeof(Task) || (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>));
            if (!ok || method.IsGenericMethodDefinition)
            {
                throw new InvalidOperationException(
                    $"{@interface.Name}.{method.Name} must be a non-generic method returning Task or Task<T>.");
            }
        }
        return new GrainRegistration(@interface, typeof(TGrain), type);
    }

    internal static IEnumerable<MethodInfo> AllMethods(Type @interface) =>
        @interface.GetMethods().Concat(@interface.GetInterfaces().SelectMany(i => i.GetMethods()));
}
