using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Duel.Silo.Storage;

public static class PostgresGrainStorageExtensions
{
    /// <summary>
    /// Grain storage <paramref name="name"/> in <c>orleans_grain_state</c> on the silo's <see cref="NpgsqlDataSource"/>,
    /// its writes batched by the silo's one <see cref="WriteBatcher"/>. State is in Orleans' binary format: the [Id]s
    /// on state records make it version tolerant, and no .NET type names end up in the rows.
    /// </summary>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder silo, string name)
    {
        silo.Services.TryAddWriteBatcher();
        silo.Services.AddGrainStorage(name, (sp, _) => new PostgresGrainStorage(
            sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetRequiredService<WriteBatcher>(),
            new OrleansGrainStorageSerializer(sp.GetRequiredService<Serializer>()),
            sp.GetRequiredService<IActivatorProvider>()));
        return silo;
    }
}
