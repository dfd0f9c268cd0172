using Duel.Grains.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Duel.Silo.ReadModels;

/// <summary>Hands a fact to the writer registered for its type, on a pooled connection.</summary>
public sealed class ReadModels(NpgsqlDataSource dataSource, IServiceProvider services) : IReadModels
{
    public async Task RecordAsync<TFact>(TFact fact) where TFact : class
    {
        var writer = services.GetRequiredService<IReadModelWriter<TFact>>();
        await using var connection = await dataSource.OpenConnectionAsync();
        await writer.WriteAsync(connection, fact, CancellationToken.None);
    }
}
