using System.Globalization;
using LiaisonFlow.Dashboard;
using LiaisonFlow.Domain;
using LiaisonFlow.Import;
using LiaisonFlow.Storage;
using LiaisonFlow.Workflow;
using Microsoft.AspNetCore.Http;

namespace LiaisonFlow.Api;

/// <summary>The TSB's view of outstanding replies, read from the Outstanding index.</summary>
public sealed class DashboardApi(Access access, OutstandingIndex index, GroupStore groups, CalendarClock calendar)
{
    static readonly Role[] Anyone = [Role.Rapporteur, Role.Chair, Role.Secretariat];

    public async Task<IResult> OutstandingAsync(HttpContext http)
    {
        if (access.Require(http, out _, Anyone) is { } denied) return denied;
        var directory = await groups.GetDirectoryAsync(http.RequestAborted);
        var (filter, problem) = ReadFilter(http.Request.Query, directory);
        if (problem is not null) return problem;
        var rows = await index.QueryAsync(new OutstandingQuery(filter!.GroupId, filter.DueBefore), http.RequestAborted);
        return Results.Json(OutstandingReport.From(rows, filter, directory), ApiJson.Options);
    }

    (OutstandingFilter?, IResult?) ReadFilter(IQueryCollection q, GroupDirectory directory)
    {
        var errors = new ValidationErrors();
        DateOnly? Date(string name)
        {
            var text = q[name].ToString();
            if (text.Length == 0) return null;
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
            errors.Add(name, $"\"{text}\" is not a date of the form 2018-02-01.");
            return null;
        }
        var asOf = Date("asOf") ?? LiaisonSteps.GenevaDate(calendar.Now.UtcDateTime);
        var dueBefore = Date("dueBefore");
        string? groupId = null;
        if (q["group"].ToString() is { Length: > 0 } g && (groupId = directory.Find(g)?.Id) is null) errors.Add("group", $"No group \"{g}\".");
        Purpose? purpose = null;
        if (q["purpose"].ToString() is { Length: > 0 } p)
        {
            if (Purposes.TryParse(p, out var parsed)) purpose = parsed;
            else errors.Add("purpose", $"\"{p}\" is not Action, Comment or Information.");
        }
        var overdueOnly = false;
        if (q["overdueOnly"].ToString() is { Length: > 0 } o && !bool.TryParse(o, out overdueOnly)) errors.Add("overdueOnly", "Use true or false.");
        if (errors.Any) return (null, Problems.Validation(errors.ToDictionary()));
        var meeting = q["meeting"].ToString() is { Length: > 0 } m ? m : null;
        return (new OutstandingFilter(asOf, groupId, meeting, purpose, overdueOnly, dueBefore), null);
    }
}
