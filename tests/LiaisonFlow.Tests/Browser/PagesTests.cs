using System.Text.Json;
using System.Text.RegularExpressions;
using LiaisonFlow.Tests.Documents;
using LiaisonFlow.Tests.Infrastructure;
using LiaisonFlow.Tests.Integration;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace LiaisonFlow.Tests.Browser;

/// <summary>
/// The New LS, Plenary and dashboard pages in headless Chromium, through the pages only: after the
/// test's own seed (the TSAG import, and LSs made over the API where a scenario starts from them), every
/// step is what a person types and clicks. Each page is also checked with axe-core, at 390 px wide,
/// and photographed at 1280 px into artifacts/.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PagesTests(AzuriteFixture azurite) : TsagHostTest(azurite, "pages")
{
    const string Meeting = "tsag-2017-05";
    const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    static readonly LsTemplate NewLs = new("TSAG-TD130", "N/A", "TSAG", "LS on open-source references in ITU-T Recommendations",
        "ITU-T SG17", "ITU-T SG16", "ITU-D SGs", "before 28 February 2030", "TSAG meeting, Geneva, 1-4 May 2017",
        "Glenn Parsons", "TSAG rapporteur group", "+41 22 730 5555", "rg-sc.rapporteur@liaisonflow.example");

    string Url(string path, string key) => $"{Host.BaseAddress}{path}?key={key}";

    [Fact]
    public async Task A_rapporteur_drops_the_LS_docx_corrects_the_title_uploads_the_TD_and_submits_it()
    {
        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;
        await browser.OpenAsync(Url("new", "dev-rapporteur"));
        await Expect(page.Locator("#signed-in")).ToContainTextAsync("Rapporteur");
        await browser.AssertAccessibleAsync("New LS, empty");

        await page.GetByLabel("Drop the LS .docx here, or choose it").SetInputFilesAsync(
            new FilePayload { Name = "TD130.docx", MimeType = Docx, Buffer = LsTemplateDocument.Build(NewLs) });
        await Expect(page.GetByLabel("Title", new() { Exact = true })).ToHaveValueAsync(NewLs.Title!);
        await Expect(page.GetByLabel("TD", new() { Exact = true })).ToHaveValueAsync(new Regex("TD130"));
        var groups = page.Locator(".addressee input[list=group-names]");
        await Expect(groups).ToHaveCountAsync(3);
        await Expect(groups.Nth(0)).ToHaveValueAsync(new Regex("^ITU-T Study Group 17"));
        // Each deadline says what it was read as; the collective says whom it reaches.
        await Expect(page.Locator("#a0-reading")).ToHaveTextAsync(new Regex(@"^due \w{3} 28 Feb 2030, end of day Geneva$"));
        await Expect(page.Locator(".addressee").Nth(2).Locator(".expands")).ToContainTextAsync("ITU-D Study Group 1");

        // The live reading follows what is typed.
        var deadline = page.GetByLabel("Deadline").Nth(1);
        await deadline.FillAsync("before March 2030");
        await Expect(page.Locator("#a1-reading")).ToContainTextAsync("28 Feb 2030");
        browser.AssertNoErrors();
        await deadline.FillAsync("some day");
        await Expect(page.Locator("#a1-reading")).ToHaveClassAsync(new Regex(@"\berror\b"));
        await Expect(page.Locator("#a1-reading")).ToContainTextAsync("some day");
        browser.Errors.Clear(); // the browser logs the 400 that says so
        await deadline.FillAsync("before 31 March 2030");
        await Expect(page.Locator("#a1-reading")).ToContainTextAsync("31 Mar 2030");

        // One correction, then saved as a draft, the TD uploaded and the draft submitted.
        const string Title = "LS on references to open-source code in ITU-T Recommendations";
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync(Title);
        await browser.ScreenshotAsync("new-liaison");
        await browser.AssertAccessibleAsync("New LS, filled");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Expect(page.Locator("#ls-state")).ToContainTextAsync("Draft");
        await page.GetByLabel("TD document").SetInputFilesAsync(
            new FilePayload { Name = "TD130.docx", MimeType = Docx, Buffer = LsTemplateDocument.Build(NewLs with { Title = Title }) });
        await Expect(page.Locator(".docs")).ToContainTextAsync("TD130.docx");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit to the plenary" }).ClickAsync();
        await Expect(page.Locator("#ls-state")).ToContainTextAsync("AwaitingEndorsement");
        await Expect(page.GetByLabel("Title", new() { Exact = true })).ToBeDisabledAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "the plenary" })).ToHaveAttributeAsync("href", "/api/pages/plenary?meeting=" + Meeting);
        await browser.ScreenshotAsync("new-liaison-submitted");
        browser.AssertNoErrors();

        // What the page stored is what the rapporteur saw (read back after the browser steps).
        using var reader = Host.Client("dev-rapporteur");
        var stored = (await reader.GetJsonAsync("api/liaisons?meeting=" + Meeting + "&state=AwaitingEndorsement")).Body!.AsArray();
        Assert.Contains(stored, ls => (string?)ls!["title"] == Title);
    }

    [Fact]
    public async Task The_chair_endorses_two_LSs_at_once_numbered_in_the_order_shown_and_holds_a_third()
    {
        using var rapporteur = Host.Client("dev-rapporteur");
        foreach (var td in new[] { 131, 132, 133 }) await SubmitDraftAsync(rapporteur, td);

        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;
        await browser.OpenAsync(Url("plenary", "dev-chair"));
        var items = page.Locator(".plenary > li");
        await Expect(items).ToHaveCountAsync(3);
        await Expect(items.Locator(".ls-head label")).ToHaveTextAsync(["Select TD 131", "Select TD 132", "Select TD 133"]);
        await Expect(items.First.Locator("table.to tbody tr")).ToHaveCountAsync(4); // SG17, SG16 and the two ITU-D SGs
        await Expect(items.First.Locator(".docs a")).ToHaveTextAsync("TD131.docx");
        await browser.AssertAccessibleAsync("Plenary");
        await browser.ScreenshotAsync("plenary");

        await page.GetByLabel("Select TD 131").CheckAsync();
        await page.GetByLabel("Select TD 132").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Endorse selected (2)" }).ClickAsync();
        await Expect(items.Locator(".number")).ToHaveTextAsync(["TSAG-LS8", "TSAG-LS9"]);
        // As the orchestrations number and send them, the page shows it.
        await Expect(items.Nth(0).Locator(".state")).ToHaveTextAsync("AwaitingReplies", new() { Timeout = 60_000 });
        await Expect(items.Nth(1).Locator(".state")).ToHaveTextAsync("AwaitingReplies", new() { Timeout = 60_000 });

        // By keyboard alone: the hold button, the reason (focused for it), Enter.
        await page.GetByRole(AriaRole.Button, new() { Name = "Hold TD 133…" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByLabel("Reason to hold TD 133")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Waits for the liaison officer to JTC 1.");
        await page.Keyboard.PressAsync("Enter");
        await Expect(items.Nth(2).Locator(".state")).ToHaveTextAsync("Held");
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Endorse selected") })).ToBeDisabledAsync();
        await browser.ScreenshotAsync("plenary-decided");
        await browser.AssertAccessibleAsync("Plenary, decided");

        // From the plenary to the LS on the dashboard, still signed in.
        await page.GetByRole(AriaRole.Link, new() { Name = "Details of TD 131 on the dashboard" }).ClickAsync();
        await Expect(page.Locator("#detail-h")).ToHaveTextAsync("TSAG-LS8: LS 131 on open-source references");
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task TSB_extends_a_deadline_and_registers_replies_from_the_LS_detail_until_the_LS_closes_itself()
    {
        var id = await SentAsync(134);

        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;
        await browser.OpenAsync($"{Host.BaseAddress}dashboard?key=dev-secretariat&ls={id}");
        var detail = page.Locator("#detail");
        await Expect(detail.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToContainTextAsync("TSAG-LS8");
        await Expect(detail.GetByRole(AriaRole.Heading, new() { Name = "Actions" })).ToBeVisibleAsync();

        // A new deadline for SG16, read back while typed.
        await page.GetByLabel("Group to extend").SelectOptionAsync("itu-t-sg16");
        await page.GetByLabel("New deadline").FillAsync("before 30 April 2030");
        await Expect(page.Locator("#d-reading")).ToHaveTextAsync(new Regex(@"^due \w{3} 30 Apr 2030, end of day Geneva$"));
        await page.GetByLabel("Reason", new() { Exact = true }).FillAsync("SG16 meets in April.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change deadline" }).ClickAsync();
        await Expect(page.Locator("#d-addressees tbody")).ToContainTextAsync("before 30 April 2030");

        // Chasing stopped and started again.
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop chasing" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Chasing" })).ToContainTextAsync("Nobody is chased");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start chasing" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Stop chasing" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Show mail log" }).ClickAsync();
        await Expect(page.Locator("#d-mail tbody tr").First).ToContainTextAsync("Dispatch");
        await browser.AssertAccessibleAsync("Dashboard LS detail with actions");
        await browser.ScreenshotAsync("dashboard-actions", detail);

        // The replies owed, one by one; the last one closes the LS.
        await RegisterReplyAsync(page, "itu-t-sg17", "SG17-LS12", withDocument: true);
        await Expect(page.Locator("#d-replies tbody")).ToContainTextAsync("SG17-LS12");
        await Expect(page.Locator("#detail-facts")).ToContainTextAsync("AwaitingReplies");
        await RegisterReplyAsync(page, "itu-t-sg16", "SG16-LS7", withDocument: false);
        await Expect(page.Locator("#detail-facts")).ToContainTextAsync("Closed", new() { Timeout = 120_000 });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Close the LS" })).ToHaveCountAsync(0);
        await browser.ScreenshotAsync("dashboard-closed", detail);
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task Roles_without_the_right_see_no_action_buttons_and_every_page_fits_390_px()
    {
        var id = await SentAsync(135);
        using (var rapporteur = Host.Client("dev-rapporteur")) await SubmitDraftAsync(rapporteur, 136);

        await using var browser = await BrowserSession.StartAsync(width: 390, height: 844);
        var page = browser.Page;

        // A rapporteur at the plenary: the LSs, no checkbox, no decision.
        await browser.OpenAsync(Url("plenary", "dev-rapporteur"));
        await Expect(page.Locator(".plenary > li")).ToHaveCountAsync(1);
        await Expect(page.Locator(".notice")).ToContainTextAsync("Only the chair");
        await Expect(page.Locator("main input[type=checkbox]")).ToHaveCountAsync(0);
        await Expect(page.Locator("main button")).ToHaveCountAsync(0);
        await browser.AssertFitsAsync("Plenary");
        await browser.ScreenshotAsync("plenary-390");

        // A chair on the New LS page: told why, no form.
        await browser.OpenAsync(Url("new", "dev-chair"));
        await Expect(page.Locator(".notice")).ToContainTextAsync("Rapporteur");
        await Expect(page.Locator("main button, main input")).ToHaveCountAsync(0);

        // A chair on the dashboard's LS detail: no Secretariat actions.
        await browser.OpenAsync($"{Host.BaseAddress}dashboard?key=dev-chair&ls={id}");
        await Expect(page.Locator("#detail-h")).ToContainTextAsync("TSAG-LS8");
        await Expect(page.Locator("#d-addressees tbody tr")).ToHaveCountAsync(4); // SG17, SG16 and the two ITU-D SGs
        await Expect(page.Locator("#detail-actions button, #detail-actions form")).ToHaveCountAsync(0);
        await browser.AssertFitsAsync("Dashboard LS detail");

        // The rapporteur's own page and the secretariat's actions at 390 px.
        await browser.OpenAsync(Url("new", "dev-rapporteur"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save draft" })).ToBeVisibleAsync();
        await browser.AssertFitsAsync("New LS");
        await browser.ScreenshotAsync("new-liaison-390");
        await browser.OpenAsync($"{Host.BaseAddress}dashboard?key=dev-secretariat&ls={id}");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Register reply" })).ToBeVisibleAsync();
        await browser.AssertFitsAsync("Dashboard LS detail with actions");
        await browser.ScreenshotAsync("dashboard-390");
        browser.AssertNoErrors();
    }

    static async Task RegisterReplyAsync(IPage page, string group, string reference, bool withDocument)
    {
        await page.GetByLabel("From group").SelectOptionAsync(group);
        await page.GetByLabel("Reference", new() { Exact = true }).FillAsync(reference);
        await page.GetByLabel("Received on").FillAsync("2030-02-20");
        if (withDocument)
            await page.GetByLabel("Reply document").SetInputFilesAsync(new FilePayload { Name = reference + ".pdf", MimeType = "application/pdf", Buffer = "%PDF-1.7\n"u8.ToArray() });
        await page.GetByRole(AriaRole.Button, new() { Name = "Register reply" }).ClickAsync();
        await Expect(page.Locator("#d-replies tbody")).ToContainTextAsync(reference);
    }

    /// <summary>The seed of a scenario that starts with an LS sent: submitted, endorsed (TSAG-LS8) and awaiting replies.</summary>
    async Task<string> SentAsync(int td)
    {
        using var rapporteur = Host.Client("dev-rapporteur");
        using var chair = Host.Client("dev-chair");
        var id = await SubmitDraftAsync(rapporteur, td);
        Assert.Equal(202, (await chair.PostAsync($"api/liaisons/{id}/endorse")).Status);
        await chair.WaitForStateAsync(id, "AwaitingReplies");
        return id;
    }

    /// <summary>The seed of a scenario that starts later in an LS's life: a draft for SG17 (action), SG16 (comment) and the ITU-D SGs (information), submitted.</summary>
    static async Task<string> SubmitDraftAsync(HttpClient rapporteur, int td)
    {
        var id = $"{Meeting}-td{td}";
        var draft = JsonSerializer.SerializeToNode(NewLiaison.Draft(id))!;
        draft["td"] = $"TD{td}";
        draft["title"] = $"LS {td} on open-source references";
        draft["addressees"]![1]!["deadline"] = "before 28 February 2030";
        Assert.Equal(201, (await rapporteur.PostAsync("api/liaisons", draft)).Status);
        using var document = new ByteArrayContent(LsTemplateDocument.Build(NewLs with { Td = $"TSAG-TD{td}", Title = (string?)draft["title"] }));
        document.Headers.ContentType = new(Docx);
        using var uploaded = await rapporteur.PutAsync($"api/liaisons/{id}/documents/TD{td}.docx", document);
        Assert.True(uploaded.IsSuccessStatusCode, $"TD upload answered {(int)uploaded.StatusCode}");
        Assert.Equal(202, (await rapporteur.PostAsync($"api/liaisons/{id}/submit")).Status);
        await rapporteur.WaitForStateAsync(id, "AwaitingEndorsement");
        return id;
    }
}
