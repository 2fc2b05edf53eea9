using LiaisonFlow.Domain;
using LiaisonFlow.Storage;

namespace LiaisonFlow.Dashboard;

/// <summary>
/// Answers an outstanding-replies filter from the Outstanding index: the one place that decides which
/// part of the index a question reads (the dashboard's handler and the benchmark ask through it).
/// </summary>
public sealed class OutstandingReader(OutstandingIndex index)
{
    /// <param name="today">Today's date on the calendar: rows a question as of today needs are the open ones.</param>
    public async Task<OutstandingReport> ReadAsync(OutstandingFilter filter, GroupDirectory directory, DateOnly today, CancellationToken ct = default)
    {
        var rows = await index.QueryAsync(new OutstandingQuery(filter.AsOf, today, filter.GroupId, filter.DueBefore), ct);
        return OutstandingReport.From(rows, filter, directory);
    }
}
