namespace LiaisonFlow.Storage;

/// <summary>
/// The group directory and the meetings change only with an import, yet nearly every request and workflow step
/// reads them (14 point reads per life cycle). What this process read or checked less than <see cref="FreshFor"/>
/// ago is used as it is: a change this process writes is seen at once, another host's within that time.
/// </summary>
static class ReferenceData
{
    /// <summary>
    /// Short enough that an import on one host is seen by the next request on another; long enough that under load
    /// the reads of a busy host fall to about one a second.
    /// </summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(1);

    public static bool IsFresh(this TimeProvider time, long checkedAt) => time.GetElapsedTime(checkedAt) < FreshFor;
}
