namespace Duel.Grains.Runtime;

/// <summary>
/// Relational read models (leaderboard, history) fed by grains after they stored their state.
/// Every write is an idempotent upsert, so a grain may repeat one after a crash.
/// </summary>
public interface IReadModels
{
    Task RecordAsync<TFact>(TFact fact) where TFact : class;
}
