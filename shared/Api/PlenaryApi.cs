using System.Text.Json.Serialization;
using LiaisonFlow.Domain;
using LiaisonFlow.Import;
using LiaisonFlow.Storage;
using LiaisonFlow.Workflow;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace LiaisonFlow.Api;

/// <summary>
/// The chair endorses several LSs of a meeting in one action: each is endorsed and numbered before the
/// next, in the order given, so their numbers follow that order. Each LS answers for itself (202, 404,
/// 409), as its single endorse would.
/// </summary>
public sealed class PlenaryApi(Access access, LiaisonStore liaisons, MeetingStore meetings, LiaisonCommands commands)
{
    /// <summary>LSs endorsed in one request: a plenary endorses a few dozen at most.</summary>
    public const int MaxLiaisons = 100;

    public async Task<IResult> EndorseAsync(HttpContext http, DurableTaskClient durable, string meetingId)
    {
        if (access.Require(http, out var caller, Role.Chair) is { } denied) return denied;
        if (!Slugs.IsValid(meetingId) || await meetings.GetAsync(meetingId, http.RequestAborted) is null) return Problems.NotFound($"No meeting \"{meetingId}\".");
        var (request, problem) = await RequestBody.ReadAsync<EndorseLiaisonsRequest>(http.Request);
        if (problem is not null) return problem;
        if (request!.Problem() is { } invalid) return Problems.Field(invalid.Field, invalid.Message);

        var results = new List<EndorsementResult>();
        foreach (var id in request.Liaisons!)
        {
            // Once begun, the batch runs to its end even if the caller goes: the order it numbers in is the one asked for.
            var ls = await liaisons.GetAsync(id!, CancellationToken.None);
            if (ls is null || ls.MeetingId != meetingId)
            {
                results.Add(EndorsementResult.Refused(id!, StatusCodes.Status404NotFound, "Not found", $"No LS \"{id}\" of meeting {meetingId}.", null));
                continue;
            }
            var key = LiaisonApi.CommandKey(http, nameof(CommandKind.Endorse), id);
            var result = await commands.RunAsync(durable, id!, CommandKind.Endorse, key, caller.Name, reason: request.Reason, ct: CancellationToken.None);
            results.Add(EndorsementResult.Of(id!, result));
        }
        return Results.Json(new { results }, ApiJson.Options);
    }
}

/// <summary>The LSs to endorse, in the order they are numbered; an optional reason goes into each history line.</summary>
public sealed record EndorseLiaisonsRequest(List<string?>? Liaisons, string? Reason)
{
    /// <summary>The first field at fault, or null: nothing is endorsed unless the whole request is valid.</summary>
    public (string Field, string Message)? Problem()
    {
        if (Liaisons is not { Count: > 0 }) return ("liaisons", "Name at least one LS to endorse.");
        if (Liaisons.Count > PlenaryApi.MaxLiaisons) return ("liaisons", $"Endorse at most {PlenaryApi.MaxLiaisons} LSs at once; this names {Liaisons.Count}.");
        for (var i = 0; i < Liaisons.Count; i++)
        {
            if (!Slugs.IsValid(Liaisons[i])) return ($"liaisons[{i}]", $"An LS id such as \"tsag-2017-05-td102\" is required. {Slugs.Rule}");
            if (Liaisons.IndexOf(Liaisons[i]) < i) return ($"liaisons[{i}]", $"\"{Liaisons[i]}\" is named twice.");
        }
        if (FieldRules.TextProblem(Reason, FieldRules.MaxReasonLength, multiline: true) is { } reasonProblem) return ("reason", reasonProblem);
        return null;
    }
}

public sealed record EndorsementProblem(string Title, string Detail);

/// <summary>One LS of a batch endorsement: its status as its own endorse would answer, its state and number now.</summary>
public sealed record EndorsementResult(
    string Id,
    int Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] LiaisonState? State,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Number,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] EndorsementProblem? Problem,
    bool AlreadyApplied = false)
{
    public static EndorsementResult Refused(string id, int status, string title, string detail, LiaisonSnapshot? current) =>
        new(id, status, current?.State, current?.Liaison.Number?.ToString(), new EndorsementProblem(title, detail));

    public static EndorsementResult Of(string id, ChangeResult result) => result.Outcome switch
    {
        ChangeOutcome.Applied or ChangeOutcome.AlreadyApplied => new(id, StatusCodes.Status202Accepted, result.Current!.State,
            result.Current.Liaison.Number?.ToString(), null, result.Outcome == ChangeOutcome.AlreadyApplied),
        ChangeOutcome.NotFound => Refused(id, StatusCodes.Status404NotFound, "Not found", $"No LS \"{id}\".", null),
        _ when result.Field is null or "state" => Refused(id, StatusCodes.Status409Conflict, "Conflict", result.Message!, result.Current),
        _ => Refused(id, StatusCodes.Status400BadRequest, "Invalid request", result.Message!, result.Current),
    };
}
