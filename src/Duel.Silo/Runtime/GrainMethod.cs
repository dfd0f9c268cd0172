using System.Reflection;
using Duel.Grains.Runtime;

namespace Duel.Silo.Runtime;

/// <summary>How a proxy turns one interface method into a runtime call, built once per method.</summary>
internal sealed class GrainMethod
{
    private static readonly MethodInfo TypedInvoker =
        typeof(GrainMethod).GetMethod(nameof(InvokeTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly Func<GrainRuntime, GrainRegistration, string, object?[], object> _invoke;

    public GrainMethod(MethodInfo method)
    {
        Method = method;
        IsReadOnly = method.IsDefined(typeof(ReadOnlyAttribute), inherit: true);
        _invoke = method.ReturnType == typeof(Task)
            ? (runtime, registration, key, args) => runtime.InvokeAsync(registration, key, IsReadOnly, Name, grain => CallVoid(grain, args))
            : TypedInvoker.MakeGenericMethod(method.ReturnType.GetGenericArguments()[0])
                .CreateDelegate<Func<GrainMethod, GrainRuntime, GrainRegistration, string, object?[], object>>()
                .Curry(this);
    }

    public MethodInfo Method { get; }

    public bool IsReadOnly { get; }

    public string Name => Method.Name;

    public object Invoke(GrainRuntime runtime, GrainRegistration registration, string key, object?[] args) =>
        _invoke(runtime, registration, key, args);

    private async Task<bool> CallVoid(object grain, object?[] args)
    {
        await (Task)Method.Invoke(grain, BindingFlags.DoNotWrapExceptions, null, args, null)!;
        return true;
    }

    private static object InvokeTyped<T>(GrainMethod self, GrainRuntime runtime, GrainRegistration registration, string key, object?[] args) =>
        runtime.InvokeAsync(registration, key, self.IsReadOnly, self.Name,
            grain => (Task<T>)self.Method.Invoke(grain, BindingFlags.DoNotWrapExceptions, null, args, null)!);
}

internal static class DelegateExtensions
{
    public static Func<TB, TC, TD, TE, TR> Curry<TA, TB, TC, TD, TE, TR>(this Func<TA, TB, TC, TD, TE, TR> f, TA a) =>
        (b, c, d, e) => f(a, b, c, d, e);
}
