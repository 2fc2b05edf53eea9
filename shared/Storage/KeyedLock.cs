namespace LiaisonFlow.Storage;

/// <summary>
/// One holder at a time per key, in this process; a key's entry lives only while it is held or waited for.
/// </summary>
sealed class KeyedLock
{
    readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);

    sealed class Entry
    {
        public readonly SemaphoreSlim Semaphore = new(1, 1);
        public int Users;
    }

    public async Task<IDisposable> LockAsync(string key, CancellationToken ct)
    {
        Entry entry;
        lock (entries)
        {
            if (!entries.TryGetValue(key, out entry!)) entries[key] = entry = new Entry();
            entry.Users++;
        }
        try
        {
            await entry.Semaphore.WaitAsync(ct);
        }
        catch
        {
            Leave(key, entry);
            throw;
        }
        return new Held(this, key, entry);
    }

    void Leave(string key, Entry entry)
    {
        lock (entries)
        {
            if (--entry.Users == 0) entries.Remove(key);
        }
    }

    sealed class Held(KeyedLock owner, string key, Entry entry) : IDisposable
    {
        int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) != 0) return;
            entry.Semaphore.Release();
            owner.Leave(key, entry);
        }
    }
}
