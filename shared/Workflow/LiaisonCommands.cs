using LiaisonFlow.Domain;
using LiaisonFlow.Hosting;
using LiaisonFlow.Storage;
using Azure;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace LiaisonFlow.Workflow;

/// <summary>
/// Carries out one command on an LS for the API (one LS, or a plenary's batch): stores it through the
/// ledger, checked on the stored state; numbers the LS when the command endorsed it; then nudges its
/// orchestration. Everything the answer reports is stored before it returns.
/// </summary>
public sealed class LiaisonCommands(LiaisonLedger ledger, LiaisonNumbering numbering, WorkflowStarter workflows, CalendarClock calendar, TimeProvider clock,
    ILogger<LiaisonCommands> logger)
{
    /// <returns>The command's result; when it endorsed the LS, <see cref="ChangeResult.Current"/> carries the number.</returns>
    public async Task<ChangeResult> RunAsync(DurableTaskClient durable, string id, CommandKind kind, string key, string actor,
        LsNumber? number = null, string? reason = null, CancellationToken ct = default)
    {
        var result = await ledger.ChangeAsync(id, (stored, change) =>
        {
            // Timed when decided on the LS as read, not when the request came in: a command that lost the
            // ETag race to another decides again on the LS that other one left, and its history line must
            // come after that one's (the history is shown, and the feed built, in time order).
            var now = clock.GetUtcNow();
            return LiaisonChanges.Command(kind, key, actor, now, calendar.DateOf(now), number, reason)(stored, change);
        }, ct);
        if (!result.Succeeded) return result;
        FaultPoints.Hit(FaultPoint.ChangeStored);
        // Numbered at the endorsement, so two LSs endorsed one after the other are numbered in that order.
        if (result.Current is { State: LiaisonState.Endorsed, Liaison.Number: null } endorsed)
        {
            try
            {
                if (await numbering.NumberAsync(endorsed.Liaison, clock.GetUtcNow(), ct) is { Succeeded: true, Current: { } numbered })
                    result = result with { Current = numbered };
            }
            catch (Exception e) when (e is RequestFailedException or TableTransactionFailedException)
            {
                // The endorsement is stored and answered as such; the workflow's step numbers it (a series
                // counter that hundreds of endorsements at once keep winning from this one, storage busy).
                logger.LogWarning(e, "LS {LiaisonId}: endorsed, not numbered yet; its workflow numbers it.", id);
            }
        }
        await workflows.TryNudgeAsync(durable, id, ct);
        return result;
    }
}
