namespace Duel.Silo.Services;

/// <summary>Remembers failing items (a reminder, a job) so a background loop retries them with growing pauses.</summary>
internal sealed class RetryBackoff(TimeProvider time, TimeSpan max)
{
    private readonly Dictionary<string, (int Failures, DateTimeOffset RetryAt)> _items = new(StringComparer.Ordinal);

    public int Failed(string item)
    {
        lock (_items)
        {
            var failures = _items.GetValueOrDefault(item).Failures + 1;
            var pause = TimeSpan.FromSeconds(Math.Min(max.TotalSeconds, Math.Pow(2, failures)));
            _items[item] = (failures, time.GetUtcNow() + pause);
            return failures;
        }
    }

    public void Succeeded(string item)
    {
        lock (_items)
        {
            _items.Remove(item);
        }
    }

    public bool Waiting(string item)
    {
        lock (_items)
        {
            return _items.TryGetValue(item, out var entry) && entry.RetryAt > time.GetUtcNow();
        }
    }

    /// <summary>Items to leave alone now: still pausing, or failed <paramref name="giveUpAfter"/> times.</summary>
    public string[] Excluded(int giveUpAfter)
    {
        var now = time.GetUtcNow();
        lock (_items)
        {
            return [.. _items.Where(e => e.Value.RetryAt > now || e.Value.Failures >= giveUpAfter).Select(e => e.Key)];
        }
    }
}
