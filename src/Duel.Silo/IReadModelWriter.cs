using Npgsql;

namespace Duel.Silo;

/// <summary>
/// The statement that writes a fact recorded by a grain (<c>IReadModels.RecordAsync</c>) into a relational read
/// model, after the grain stored its state. The silo's <c>WriteBatcher</c> sends it, so the rows of grains that
/// finish together share a round trip and a commit. Must be idempotent: a grain repeats a write a crash may have
/// cut short. Its SQL must return a result set (<c>returning 1</c>), which is how the batcher tells writes apart.
/// </summary>
public interface IReadModelWriter<in TFact> where TFact : class
{
    string Sql { get; }

    NpgsqlParameter[] Parameters(TFact fact);

    /// <summary>
    /// True when the write may be a relaxed commit (<c>PostgresPools.Relaxed</c>): a server crash may lose it,
    /// so only for a row that is display-only and rewritten on the next change, or that the grain marks as
    /// written with an ordinary commit of its own afterwards.
    /// </summary>
    bool Relaxed => false;
}
