using LiaisonFlow.Domain;
using LiaisonFlow.Hosting;
using LiaisonFlow.Storage;

namespace LiaisonFlow.Workflow;

/// <summary>
/// Numbers an endorsed LS: reserves its number in <see cref="LsNumberRegistry"/> (the one the plenary asked
/// for, else the next in its series; idempotent per LS) and then records it on the LS with
/// <see cref="LiaisonChanges.AssignNumber"/>. The endorse command calls it before it answers, so LSs are
/// numbered in the order the chair endorses them; the workflow's step calls it too, and finishes what a
/// crash between the two writes left.
/// </summary>
public sealed class LiaisonNumbering(LiaisonLedger ledger, LsNumberRegistry numbers)
{
    /// <summary>The change that recorded the number; null when the LS is not endorsed or already numbered.</summary>
    public async Task<ChangeResult?> NumberAsync(LiaisonStatement ls, DateTimeOffset at, CancellationToken ct = default)
    {
        if (ls.State != LiaisonState.Endorsed || ls.Number is not null) return null;
        LsNumber? number = null;
        var detail = "";
        if (ls.RequestedNumber is { } requested)
        {
            var outcome = await numbers.ReserveAsync(ls.MeetingId, requested, ls.Id, ct);
            if (outcome == NumberReservation.Reserved) number = requested;
            else if (outcome == NumberReservation.LiaisonHasAnother) number = await numbers.FindAsync(ls.MeetingId, requested.Body, ls.Id, ct);
            else detail = $" {requested} was already taken by another LS;";
        }
        number ??= await numbers.AssignNextAsync(ls.MeetingId, ls.SourceBody, ls.Id, ct);
        FaultPoints.Hit(FaultPoint.NumberReserved);
        var result = await ledger.ChangeAsync(ls.Id, LiaisonChanges.AssignNumber(number,
            new HistoryEntry(at, "number", LiaisonEvent.Numbered, "LiaisonFlow", $"{detail} numbered {number}.".TrimStart(), null)), ct);
        FaultPoints.Hit(FaultPoint.Numbered);
        return result;
    }
}
