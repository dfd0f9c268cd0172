using Duel.Grains.Runtime;
using Duel.Hosting;
using Duel.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Duel.Silo.ReadModels;

/// <summary>Hands a fact's statement, from the writer registered for its type, to the batcher of the pool it asks for.</summary>
public sealed class ReadModels(
    WriteBatcher writes, [FromKeyedServices(PostgresPools.Relaxed)] WriteBatcher relaxed, IServiceProvider services) : IReadModels
{
    public async Task RecordAsync<TFact>(TFact fact) where TFact : class
    {
        var writer = services.GetRequiredService<IReadModelWriter<TFact>>();
        await (writer.Relaxed ? relaxed : writes).WriteAsync(writer.Sql, writer.Parameters(fact));
    }
}
