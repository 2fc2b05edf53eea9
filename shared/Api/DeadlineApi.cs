using System.Text.Json.Serialization;
using LiaisonFlow.Domain;
using Microsoft.AspNetCore.Http;

namespace LiaisonFlow.Api;

/// <summary>How a deadline as typed is read, for the pages to show while a person types it.</summary>
public sealed class DeadlineApi(Access access)
{
    public IResult Reading(HttpContext http)
    {
        if (access.Require(http, out _, Access.AnyRole) is { } denied) return denied;
        var given = http.Request.Query["text"];
        if (given.Count > 1) return Problems.Field("text", "Give one text.");
        if (!Deadline.TryParse(given.ToString(), out var deadline, out var error)) return Problems.Field("text", error ?? "Unrecognised deadline.");
        return Results.Json(DeadlineReading.From(deadline), ApiJson.Options);
    }
}

/// <summary>A deadline as read; no date is written as null (not left out), so a page can tell "none" from a field it lacks.</summary>
public sealed record DeadlineReading(
    string Text,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateOnly? Date,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DeadlinePrecision? Precision,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTime? DueUtc,
    string Reads)
{
    // DueUtc as a UTC DateTime: it is written "2018-02-28T23:00:00Z".
    public static DeadlineReading From(Deadline d) => new(d.Raw, d.Date, d.Precision, d.DueUtc?.UtcDateTime, d.Reads());
}
