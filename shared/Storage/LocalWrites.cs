namespace LiaisonFlow.Storage;

/// <summary>
/// This host's writes to data it keeps in memory (<see cref="ReferenceData"/>), counted so that a read begun before
/// a write does not keep what it read. The write counts itself before it forgets what is kept; a read keeps what it
/// found, then checks the count: whichever comes last, nothing older than the write stays kept.
/// </summary>
sealed class LocalWrites
{
    int count;

    /// <summary>Taken before a read.</summary>
    public int Before => Volatile.Read(ref count);

    /// <summary>After a write is stored, before what is kept is forgotten.</summary>
    public void Count() => Interlocked.Increment(ref count);

    /// <summary>After a read kept what it found: true when a write came since <paramref name="before"/>, so it is forgotten again.</summary>
    public bool CameSince(int before)
    {
        Interlocked.MemoryBarrier(); // the keeping before the check, as the write counts before it forgets
        return Volatile.Read(ref count) != before;
    }
}
