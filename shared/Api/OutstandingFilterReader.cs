using System.Globalization;
using LiaisonFlow.Dashboard;
using LiaisonFlow.Domain;
using LiaisonFlow.Import;
using Microsoft.AspNetCore.Http;

namespace LiaisonFlow.Api;

/// <summary>
/// The query string of the outstanding-replies views (JSON, CSV, calendar), read one way so they
/// answer the same rows and the same 400s.
/// </summary>
internal static class OutstandingFilterReader
{
    /// <summary>The filter, or a problem+json 400 naming each bad field.</summary>
    public static (OutstandingFilter?, IResult?) Read(IQueryCollection q, GroupDirectory directory, DateOnly today)
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
        var asOf = Date("asOf") ?? today;
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
