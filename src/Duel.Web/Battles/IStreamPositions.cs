namespace Duel.Web.Battles;

/// <summary>The sequence number of the last event published on a stream (0 before the first).</summary>
public interface IStreamPositions
{
    Task<long> CurrentAsync(string stream, CancellationToken ct);
}
