using System.Text.Json;
using Duel.Grains.Catalogue;

namespace Duel.Silo.Jobs;

/// <summary>
/// A finished judge job for a battle, as the applier takes it: from a row it read, or from the job's
/// <c>NOTIFY duel_results</c>. The notification carries the whole job when it fits (migration 013), so
/// the owner applies it without reading the row; a larger result comes as the id alone.
/// </summary>
internal sealed record FinishedJob(string Id, string Battle, JsonElement Result)
{
    /// <summary>
    /// The job a payload names: whole (<paramref name="job"/>), or only its id. False for another kind of
    /// job, or a payload that is not one of ours (any role may NOTIFY): the sweep still finds a real job.
    /// </summary>
    public static bool TryParse(string payload, out string id, out FinishedJob? job)
    {
        (id, job) = (payload, null);
        if (!payload.StartsWith('{'))
        {
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            id = root.GetProperty("id").GetString()!;
            if (root.GetProperty("queue").GetString() != JudgeRequest.Queue || root.GetProperty("grain_type").GetString() != "battle")
            {
                return false;
            }

            job = new FinishedJob(id, root.GetProperty("grain_key").GetString()!, root.GetProperty("result").Clone());
            return true;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    public static FinishedJob FromRow(string id, string battle, string? result)
    {
        using var document = JsonDocument.Parse(result ?? "null");
        return new FinishedJob(id, battle, document.RootElement.Clone());
    }
}
