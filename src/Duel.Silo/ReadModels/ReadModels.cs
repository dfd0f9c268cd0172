using Duel.Grains.Runtime;
using Duel.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Duel.Silo.ReadModels;

/// <summary>Hands a fact to the writer registered for its type, on a connection of the pool it asks for.</summary>
public sealed class ReadModels(
    NpgsqlDataSource dataSource, [FromKeyedServices(PostgresPools.Relaxed)] NpgsqlDataSource relaxed, IServiceProvider services) : IReadModels
{
    public async Task RecordAsync<TFact>(TFact fact) where TFact : class
    {
        var writer = services.GetRequiredService<IReadModelWriter<TFact>>();
        await using var connection = await (writer.Relaxed ? relaxed : dataSource).OpenConnectionAsync();
        await writer.WriteAsync(connection, fact, CancellationToken.None);
    }
}
