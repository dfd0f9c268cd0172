using Npgsql;

namespace Duel.Silo;

/// <summary>
/// Writes a fact recorded by a grain (<c>IReadModels.RecordAsync</c>) into a relational read model, after
/// the grain stored its state. Must be idempotent: a grain repeats a write a crash may have cut short.
/// Register with <c>services.AddReadModelWriter&lt;TFact, TWriter&gt;()</c>.
/// </summary>
public interface IReadModelWriter<in TFact> where TFact : class
{
    Task WriteAsync(NpgsqlConnection connection, TFact fact, CancellationToken ct);
}
