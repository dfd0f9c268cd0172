using Npgsql;

namespace Duel.Silo;

/// <summary>
/// Writes a fact recorded by a grain (<c>IGrainContext.Record</c>) into a relational read model. Runs inside the
/// turn's transaction on the turn's connection, just before the commit: if it throws, the turn fails.
/// Register with <c>services.AddReadModelWriter&lt;TFact, TWriter&gt;()</c>.
/// </summary>
public interface IReadModelWriter<in TFact> where TFact : class
{
    Task WriteAsync(NpgsqlConnection connection, TFact fact, CancellationToken ct);
}
