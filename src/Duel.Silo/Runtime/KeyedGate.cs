namespace Duel.Silo.Runtime;

/// <summary>
/// One async gate per grain inside this silo, so that local calls to a hot grain queue in memory instead
/// of piling up on its row lock. It admits two turns: one holding the row lock and one waiting for it, so the
/// next turn is granted the lock the moment the current one commits instead of a round trip later.
/// Entries are reference-counted and dropped when nobody holds or waits.
/// </summary>
internal sealed class KeyedGate
{
    private const int Admitted = 2;

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async ValueTask<Releaser> EnterAsync(string key, CancellationToken ct)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(key, out entry!))
            {
                entry = new Entry();
                _entries[key] = entry;
            }
            entry.References++;
        }
        try
        {
            await entry.Semaphore.WaitAsync(ct);
        }
        catch
        {
            Release(key, entry, entered: false);
            throw;
        }
        return new Releaser(this, key, entry);
    }

    public int Count
    {
        get
        {
            lock (_entries)
            {
                return _entries.Count;
            }
        }
    }

    private void Release(string key, Entry entry, bool entered)
    {
        if (entered)
        {
            entry.Semaphore.Release();
        }
        lock (_entries)
        {
            if (--entry.References == 0)
            {
                _entries.Remove(key);
            }
        }
    }

    internal sealed class Entry
    {
        public readonly SemaphoreSlim Semaphore = new(Admitted, Admitted);
        public int References;
    }

    internal readonly struct Releaser(KeyedGate gate, string key, Entry entry) : IDisposable
    {
        // default(Releaser) stands for "no gate taken".
        public void Dispose() => gate?.Release(key, entry, entered: true);
    }
}
