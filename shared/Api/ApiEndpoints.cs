using LiaisonFlow.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;

namespace LiaisonFlow.Api;

/// <summary>
/// The API's routes for an ASP.NET Core host (the local host). The Functions app declares the same
/// routes as HTTP triggers; a test compares the two lists.
/// </summary>
public static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapLiaisonFlowApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapPost("/meetings/import", (HttpContext h, LiaisonApi a, DurableTaskClient d) => a.ImportMeetingAsync(h, d));
        api.MapPost("/liaisons", (HttpContext h, LiaisonApi a, DurableTaskClient d) => a.CreateAsync(h, d));
        api.MapGet("/liaisons", (HttpContext h, LiaisonApi a) => a.ListAsync(h));
        api.MapGet("/liaisons/{id}", (HttpContext h, LiaisonApi a, string id) => a.GetAsync(h, id));
        api.MapGet("/liaisons/{id}/status", (HttpContext h, LiaisonApi a, DurableTaskClient d, string id) => a.StatusAsync(h, d, id));
        api.MapPost("/liaisons/{id}/replies", (HttpContext h, ReplyApi a, DurableTaskClient d, string id) => a.RegisterAsync(h, d, id));
        api.MapGet("/liaisons/{id}/replies/{group}/documents/{fileName}", (HttpContext h, ReplyApi a, string id, string group, string fileName) => a.GetDocumentAsync(h, id, group, fileName));
        api.MapPost("/liaisons/{id}/chasers", (HttpContext h, ReplyApi a, DurableTaskClient d, string id) => a.SetChasingAsync(h, d, id));
        api.MapPost("/liaisons/{id}/addressees/{group}/deadline", (HttpContext h, ReplyApi a, DurableTaskClient d, string id, string group) => a.ChangeDeadlineAsync(h, d, id, group));
        // One literal route per command: the Functions host orders routes by function name, not by
        // ASP.NET precedence, so "/liaisons/{id}/{action}" would swallow "/liaisons/{id}/replies" there.
        foreach (var kind in Enum.GetValues<CommandKind>())
            api.MapPost($"/liaisons/{{id}}/{kind.ToString().ToLowerInvariant()}", (HttpContext h, LiaisonApi a, DurableTaskClient d, string id) => a.CommandAsync(h, d, id, kind));
        api.MapPut("/liaisons/{id}/documents/{fileName}", (HttpContext h, LiaisonApi a, string id, string fileName) => a.PutDocumentAsync(h, id, fileName));
        api.MapGet("/liaisons/{id}/documents/{fileName}", (HttpContext h, LiaisonApi a, string id, string fileName) => a.GetDocumentAsync(h, id, fileName));
        api.MapGet("/mail", (HttpContext h, LiaisonApi a) => a.MailAsync(h));
        api.MapGet("/dashboard/outstanding", (HttpContext h, DashboardApi a) => a.OutstandingAsync(h));
        api.MapGet("/dashboard/outstanding.csv", (HttpContext h, ExportApi a) => a.OutstandingCsvAsync(h));
        // A literal suffix after a parameter: both ASP.NET Core and the Functions host route "{group}.ics".
        api.MapGet("/calendar/{group}.ics", (HttpContext h, ExportApi a, string group) => a.GroupCalendarAsync(h, group));
        api.MapGet("/feed.atom", (HttpContext h, ExportApi a) => a.FeedAsync(h));
        api.MapGet("/dashboard", (HttpContext h, DashboardPageApi a) => a.Get(h));
        api.MapGet("/admin/consistency", (HttpContext h, AdminApi a, DurableTaskClient d) => a.ConsistencyAsync(h, d));
        api.MapPost("/admin/consistency/repair", (HttpContext h, AdminApi a, DurableTaskClient d) => a.RepairAsync(h, d));
        api.MapGet("/admin/storage-requests", (HttpContext h, AdminApi a) => a.StorageRequests(h));
        // The pages: one literal route per page (no "{page}" that could collide with another route in the Functions host).
        api.MapGet("/pages/new-liaison", (HttpContext h, PagesApi a) => a.GetPage(h, "new-liaison"));
        api.MapGet("/pages/plenary", (HttpContext h, PagesApi a) => a.GetPage(h, "plenary"));
        api.MapGet("/assets/{file}", (HttpContext h, PagesApi a, string file) => a.GetAsset(h, file));
        // What the rapporteur, plenary and TSB pages read and do besides the routes above.
        api.MapGet("/me", (HttpContext h, MeApi a) => a.Get(h));
        api.MapGet("/groups", (HttpContext h, DirectoryApi a) => a.GroupsAsync(h));
        api.MapGet("/meetings", (HttpContext h, DirectoryApi a) => a.MeetingsAsync(h));
        api.MapGet("/deadlines/reading", (HttpContext h, DeadlineApi a) => a.Reading(h));
        api.MapPatch("/liaisons/{id}", (HttpContext h, DraftApi a, string id) => a.EditAsync(h, id));
        api.MapPost("/meetings/{meetingId}/endorse", (HttpContext h, PlenaryApi a, DurableTaskClient d, string meetingId) => a.EndorseAsync(h, d, meetingId));
        api.MapPost("/documents/extract", (HttpContext h, DocumentExtractApi a) => a.ExtractAsync(h));
        api.MapPost("/inbound/sendgrid", (HttpContext h, InboundApi a, DurableTaskClient d) => a.ReceiveSendGridAsync(h, d));
        api.MapGet("/inbound", (HttpContext h, InboundApi a) => a.ListAsync(h));
        api.MapGet("/inbound/{id}", (HttpContext h, InboundApi a, string id) => a.GetAsync(h, id));
        api.MapGet("/inbound/{id}/attachments/{n}", (HttpContext h, InboundApi a, string id, string n) => a.GetAttachmentAsync(h, id, n));
        api.MapPost("/inbound/{id}/assign", (HttpContext h, InboundApi a, DurableTaskClient d, string id) => a.AssignAsync(h, d, id));
        api.MapPost("/inbound/{id}/dismiss", (HttpContext h, InboundApi a, string id) => a.DismissAsync(h, id));
        api.MapPost("/inbound/{id}/register-incoming", (HttpContext h, IncomingApi a, DurableTaskClient d, string id) => a.RegisterFromInboundAsync(h, d, id));
        return app;
    }
}
