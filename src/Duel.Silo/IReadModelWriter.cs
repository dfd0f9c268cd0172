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

    /// <summary>
    /// True when the write may be a relaxed commit (<c>PostgresPools.Relaxed</c>): a server crash may lose it,
    /// so only for a row that is display-only and rewritten on the next change, or that the grain marks as
    /// written with an ordinary commit of its own afterwards.
    /// </summary>
    bool Relaxed => false;
}
