using System.ServiceModel.Syndication;
using System.Text.Json.Nodes;
using System.Xml;
using Ical.Net;
using LiaisonFlow.Dashboard;
using LiaisonFlow.Tests.Dashboard;
using LiaisonFlow.Tests.Infrastructure;
using Xunit;

namespace LiaisonFlow.Tests.Integration;

/// <summary>The dashboard's CSV, iCalendar and Atom exports over HTTP with the TSAG 2017 data, parsed with real parsers.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ExportTests(AzuriteFixture azurite) : TsagHostTest(azurite, "export")
{
    const string Ls1 = "tsag-2017-05-td102";
    const string Ls3 = "tsag-2017-05-td117";

    [Fact]
    public async Task The_CSV_has_the_rows_of_the_dashboard_with_a_BOM_and_no_cell_a_spreadsheet_would_run()
    {
        using var tsb = Host.Client("dev-secretariat");
        using var response = await tsb.GetAsync("api/dashboard/outstanding.csv?asOf=2018-02-01");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("attachment; filename=\"outstanding-2018-02-01.csv\"", string.Join(",", response.Content.Headers.GetValues("Content-Disposition")));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);

        var (header, rows) = ExportCsv.Parse(bytes);
        Assert.Equal(OutstandingCsv.Header, header);
        var ls3 = rows.Where(r => r[1] == Ls3).ToList();
        Assert.Equal(11, ls3.Count);
        Assert.All(ls3, r =>
        {
            Assert.Equal("TSAG-LS3", r[0]);
            Assert.Equal("before 12 March 2018", r[7]);
            Assert.Equal("2018-03-12", r[8]);
            Assert.Equal("39", r[9]);
            Assert.Equal("false", r[10]);
        });
        Assert.All(rows.SelectMany(r => r), cell => Assert.False(cell.Length > 0 && "=+@\t\r".Contains(cell[0]), $"Cell \"{cell}\" could run as a formula."));

        // The same rows, in the same order, as the JSON view.
        var json = (await tsb.GetJsonAsync("api/dashboard/outstanding?asOf=2018-02-01")).Body!["rows"]!.AsArray();
        Assert.Equal(json.Select(r => ((string)r!["liaisonId"]!, (string)r["group"]!)), rows.Select(r => (r[1], r[4])));

        var bad = await tsb.GetJsonAsync("api/dashboard/outstanding.csv?asOf=1 Feb 2018");
        Assert.Equal(400, bad.Status);
        Assert.Equal("application/problem+json", bad.ContentType);
        Assert.Equal(["asOf"], bad.Body!["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task SG17s_calendar_has_an_all_day_event_per_deadline_with_UIDs_that_stay_the_same()
    {
        using var tsb = Host.Client("dev-secretariat");
        using var response = await tsb.GetAsync("api/calendar/itu-t-sg17.ics?asOf=2018-02-01");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var calendar = Calendar.Load(await response.Content.ReadAsStringAsync())!;

        Assert.Equal("PUBLISH", calendar.Method);
        Assert.False(string.IsNullOrEmpty(calendar.ProductId));
        Assert.Equal("LiaisonFlow: ITU-T Study Group 17 (Security)", calendar.Properties["X-WR-CALNAME"]?.Value?.ToString());
        var events = calendar.Events.ToList();
        Assert.All(events, e => Assert.True(e.IsAllDay && !e.DtStart!.HasTime, $"{e.Uid} is not all-day."));
        Assert.All(events, e => Assert.NotNull(e.DtStamp));
        Assert.Equal(events.Count, events.Select(e => e.Uid).Distinct().Count());
        var byLiaison = events.ToDictionary(e => e.Uid!.Split('/')[0]);
        Assert.Equal(new DateOnly(2018, 3, 12), byLiaison[Ls3].DtStart!.Date);
        Assert.Equal($"{Ls3}/itu-t-sg17@liaisonflow", byLiaison[Ls3].Uid);
        Assert.StartsWith("Reply due: TSAG-LS3 ", byLiaison[Ls3].Summary);
        Assert.Contains("before 12 March 2018", byLiaison[Ls3].Description);
        Assert.Contains($"/api/liaisons/{Ls3}", byLiaison[Ls3].Description);
        Assert.Equal(new DateOnly(2018, 2, 28), byLiaison[Ls1].DtStart!.Date);

        // One event per dated row the dashboard shows for SG17, overdue ones (LS5) included.
        var json = (await tsb.GetJsonAsync("api/dashboard/outstanding?asOf=2018-02-01&group=itu-t-sg17")).Body!["rows"]!.AsArray()
            .Where(r => r!["deadlineDate"] is not null).ToDictionary(r => (string)r!["liaisonId"]!, r => (string)r!["deadlineDate"]!);
        Assert.Equal(["tsag-2017-05-td102", "tsag-2017-05-td104", "tsag-2017-05-td117", "tsag-2017-05-td84"], json.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(json.OrderBy(j => j.Key, StringComparer.Ordinal), byLiaison.Select(e => KeyValuePair.Create(e.Key, e.Value.DtStart!.Date.ToString("yyyy-MM-dd"))).OrderBy(j => j.Key, StringComparer.Ordinal));

        // Asked again, by another name of the group, the UIDs are the same: calendar apps update, not duplicate.
        var again = Calendar.Load(await tsb.GetStringAsync("api/calendar/ITU-T%20SG17.ics?asOf=2018-02-01"))!;
        Assert.Equal(events.Select(e => e.Uid).Order(StringComparer.Ordinal), again.Events.Select(e => e.Uid).Order(StringComparer.Ordinal));

        var unknown = await tsb.GetJsonAsync("api/calendar/sg99.ics");
        Assert.Equal(404, unknown.Status);
        Assert.Equal("application/problem+json", unknown.ContentType);
        var bad = await tsb.GetJsonAsync("api/calendar/sg17.ics?asOf=tomorrow");
        Assert.Equal(400, bad.Status);
        Assert.Equal(["asOf"], bad.Body!["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task A_registered_reply_appears_in_the_Atom_feed_newest_first()
    {
        using var tsb = Host.Client("dev-secretariat");
        var (status, _, _) = await tsb.PostAsync($"api/liaisons/{Ls3}/replies",
            new { fromGroup = "ITU-T SG17", reference = "SG17-LS45", receivedOn = "2018-02-20" });
        Assert.Equal(201, status);

        using var response = await tsb.GetAsync("api/feed.atom");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var feed = await LoadAsync(response);

        Assert.False(string.IsNullOrEmpty(feed.Id));
        Assert.Contains(feed.Links, l => l.RelationshipType == "self" && l.Uri.AbsolutePath == "/api/feed.atom");
        var items = feed.Items.ToList();
        Assert.InRange(items.Count, 1, 100);
        Assert.Equal(items.Select(i => i.LastUpdatedTime).OrderDescending(), items.Select(i => i.LastUpdatedTime));
        Assert.Equal(items.Count, items.Select(i => i.Id).Distinct().Count());
        var reply = Assert.Single(items, i => i.Title.Text.Contains("SG17-LS45", StringComparison.Ordinal));
        Assert.StartsWith($"urn:liaisonflow:{Ls3}:", reply.Id);
        Assert.StartsWith("TSAG-LS3 replied: ITU-T Study Group 17", reply.Title.Text);
        Assert.Equal($"/api/liaisons/{Ls3}", Assert.Single(reply.Links).Uri.AbsolutePath);
        Assert.Equal(feed.LastUpdatedTime, items[0].LastUpdatedTime);

        // Stable ids; and the meeting filter keeps the entry or drops everything.
        var again = await LoadAsync(await tsb.GetAsync("api/feed.atom?meeting=tsag-2017-05"));
        Assert.Contains(again.Items, i => i.Id == reply.Id);
        Assert.Empty((await LoadAsync(await tsb.GetAsync("api/feed.atom?meeting=no-such-meeting"))).Items);
    }

    [Fact]
    public async Task Exports_need_someone_signed_in()
    {
        using var anonymous = Host.Client(null);
        foreach (var path in new[] { "api/dashboard/outstanding.csv", "api/calendar/sg17.ics", "api/feed.atom" })
            Assert.Equal(401, (await anonymous.GetJsonAsync(path)).Status);
    }

    static async Task<SyndicationFeed> LoadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            await using var stream = await response.Content.ReadAsStreamAsync();
            using var xml = XmlReader.Create(stream, new XmlReaderSettings { Async = false });
            return SyndicationFeed.Load(xml);
        }
    }
}
