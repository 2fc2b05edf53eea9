using System.Text.Json.Serialization;
using LiaisonFlow.Domain;
using LiaisonFlow.Hosting;
using LiaisonFlow.Mail;
using LiaisonFlow.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace LiaisonFlow.Workflow;

/// <summary>One thing found out of step: which LS (or series), what kind of drift, and what exactly.</summary>
public sealed record ConsistencyProblem(string Kind, string? LiaisonId, string Detail);

/// <summary>What the check found over the whole store, and what it repaired when asked to.</summary>
public sealed record ConsistencyReport(
    DateTimeOffset CheckedAt,
    int Liaisons,
    IReadOnlyDictionary<string, int> ByState,
    IReadOnlyDictionary<string, int> Mail,
    IReadOnlyList<ConsistencyProblem> Problems,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Repaired)
{
    public bool Consistent => Problems.Count == 0;
}

/// <summary>
/// The invariants of the store, checked over every LS — what TSB runs after an incident, and what the
/// fault-injection tests run after every kill: every LS in a state it can leave (its orchestration
/// alive) or a final one; every mail at most once per key and none left half-sent; LS numbers unique
/// and gap-free per series and held in the registry; every accepted reply recorded against its
/// addressee; the Outstanding and Feed indexes equal to what the records imply. With repair, it
/// rewrites drifted indexes and restarts (nudges) orchestrations that should be running.
/// </summary>
public sealed class ConsistencyCheck(
    LiaisonStore store,
    LiaisonIndexes indexes,
    LsNumberRegistry numbers,
    WorkflowStarter starter,
    TimeProvider clock,
    IOptions<LiaisonFlowOptions> options)
{
    public async Task<ConsistencyReport> RunAsync(DurableTaskClient client, bool repair, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var problems = new List<ConsistencyProblem>();
        var repaired = repair ? new List<string>() : null;
        var byState = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var mail = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var series = new Dictionary<(string Meeting, string Body), List<(int Sequence, string Id)>>();
        var snapshots = new List<LiaisonSnapshot>();

        foreach (var record in await store.ListRecordsAsync(ct))
        {
            LiaisonSnapshot? s;
            try
            {
                s = await store.ReadAsync(record.PartitionKey, ct);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or System.Text.Json.JsonException)
            {
                problems.Add(new("unreadable", record.PartitionKey, e.Message));
                continue;
            }
            if (s is null) continue;
            snapshots.Add(s);
            var ls = s.Liaison;
            byState[ls.State.ToString()] = byState.GetValueOrDefault(ls.State.ToString()) + 1;

            foreach (var m in s.Mail)
            {
                mail[m.State.ToString()] = mail.GetValueOrDefault(m.State.ToString()) + 1;
                if (m.State == MailStatus.Sending && (m.ClaimedAt ?? m.CreatedAt) + options.Value.Mail.InterruptedAfter < now)
                    problems.Add(new("mail-interrupted", s.Id, $"{m.Key} was claimed at {m.ClaimedAt:u} and never marked sent; it goes again with the same Message-ID at the LS's next step."));
                if (m.State == MailStatus.Refused)
                    problems.Add(new("mail-refused", s.Id, $"{m.Key} to {string.Join(", ", m.Recipients.Select(r => r.Email))}: {m.Error}"));
            }

            var mailLeft = s.Mail.Any(m => m.State is MailStatus.Queued or MailStatus.Sending);
            var needsWorkflow = !LiaisonTransitions.IsFinal(ls.State) || mailLeft || s.Record.PendingSince is not null;
            if (needsWorkflow)
            {
                var instance = await client.GetInstanceAsync(s.Id, ct);
                var alive = instance?.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended;
                if (!alive)
                    problems.Add(new("orchestration-missing", s.Id, $"The LS is {ls.State}{(mailLeft ? " with mail to send" : "")} but its orchestration is {instance?.RuntimeStatus.ToString() ?? "absent"}."));
                else if (s.Record.PendingSince is { } since && since + options.Value.Recovery.PendingFor + options.Value.Recovery.SweepInterval < now)
                    problems.Add(new("pending", s.Id, $"A change of {since:u} is not yet handled by the workflow."));
                if (repair && (!alive || s.Record.PendingSince is not null))
                {
                    await starter.NudgeAsync(client, s.Id, ct);
                    repaired!.Add($"{s.Id}: orchestration nudged");
                }
            }
            if (ls.State == LiaisonState.Endorsed && s.Record.PendingSince is null && ls.Number is null)
                problems.Add(new("stuck-endorsed", s.Id, "Endorsed, not numbered, and nothing pending."));

            foreach (var reply in s.Details.Replies.Where(r => r.Solicited))
                if (ls.Addressees.FirstOrDefault(a => a.GroupId == reply.GroupId) is { ReplyStatus: not ReplyStatus.Received })
                    problems.Add(new("reply-not-applied", s.Id, $"{reply.GroupName}'s reply {reply.Reference} is stored but the addressee still owes one."));

            // An incoming LS carries its sender's number, which our registry never handed out.
            if (ls.Number is { } number && ls.Direction == Direction.Outgoing)
            {
                var key = (ls.MeetingId, number.Body);
                if (!series.TryGetValue(key, out var list)) series[key] = list = [];
                list.Add((number.Sequence, s.Id));
                if (await numbers.OwnerAsync(ls.MeetingId, number, ct) is var owner && owner != s.Id)
                    problems.Add(new("number-registry", s.Id, $"{number} is held in the registry by {owner ?? "nobody"}."));
            }

            var drift = await indexes.DriftAsync(s, ct);
            foreach (var d in drift) problems.Add(new("index-drift", s.Id, d));
            if (repair && drift.Count > 0)
            {
                await indexes.SyncAsync(s, ct, force: true);
                repaired!.Add($"{s.Id}: indexes rewritten ({drift.Count} row(s) out of step)");
            }
        }

        foreach (var ((meeting, body), held) in series)
        {
            foreach (var twice in held.GroupBy(h => h.Sequence).Where(g => g.Count() > 1))
                problems.Add(new("number-duplicate", null, $"{meeting} {body}{twice.Key} is carried by {string.Join(", ", twice.Select(t => t.Id))}."));
            // Gap-free: every number the registry handed out is carried by the LS it went to. (A number
            // the plenary chose may skip ahead; the numbers skipped were never handed out.)
            var carried = held.Select(h => (h.Sequence, h.Id)).ToHashSet();
            foreach (var (sequence, owner) in await numbers.HeldAsync(meeting, body, ct))
                if (!carried.Contains((sequence, owner)) && snapshots.Any(x => x.Id == owner && LiaisonRules.IsSent(x.State)))
                    problems.Add(new("number-gap", owner, $"{new LsNumber(body, sequence)} was handed to {owner}, which was sent without it."));
        }

        return new ConsistencyReport(now, snapshots.Count, byState, mail, problems, repaired);
    }
}
