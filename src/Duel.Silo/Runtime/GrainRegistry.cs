namespace Duel.Silo.Runtime;

/// <summary>Every grain registered in this silo, by interface and by type name.</summary>
public sealed class GrainRegistry
{
    private readonly Dictionary<Type, GrainRegistration> _byInterface = [];
    private readonly Dictionary<string, GrainRegistration> _byName = new(StringComparer.Ordinal);

    public GrainRegistry(IEnumerable<GrainRegistration> registrations)
    {
        foreach (var registration in registrations)
        {
            if (_byInterface.TryGetValue(registration.Interface, out var existing))
            {
                if (existing.Implementation != registration.Implementation)
                {
                    throw new InvalidOperationException(
                        $"{registration.Interface.Name} is registered twice: {existing.Implementation.Name} and {registration.Implementation.Name}.");
                }
                continue;
            }
            if (_byName.TryGetValue(registration.TypeName, out var other))
            {
                throw new InvalidOperationException(
                    $"Grain type name '{registration.TypeName}' is used by {other.Interface.Name} and {registration.Interface.Name}.");
            }
            _byInterface[registration.Interface] = registration;
            _byName[registration.TypeName] = registration;
        }
    }

    public IReadOnlyCollection<GrainRegistration> All => _byInterface.Values;

    public GrainRegistration Get(Type @interface) =>
        _byInterface.TryGetValue(@interface, out var registration)
            ? registration
            : throw new InvalidOperationException(
                $"Grain interface {@interface.Name} is not registered in this silo: call services.AddGrain<{@interface.Name}, TGrain>().");

    public GrainRegistration? FindByName(string typeName) => _byName.GetValueOrDefault(typeName);
}
