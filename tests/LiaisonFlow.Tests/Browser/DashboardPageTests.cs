using System.Text.Json;
using System.Text.RegularExpressions;
using LiaisonFlow.Tests.Inbound;
using LiaisonFlow.Tests.Infrastructure;
using LiaisonFlow.Tests.Integration;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace LiaisonFlow.Tests.Browser;

/// <summary>
/// The TSB dashboard page in headless Debian Chromium (driven by Playwright, never downloading a
/// browser), against the local host with the TSAG 2017 data: what a person sees and clicks.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DashboardPageTests(AzuriteFixture azurite) : TsagHostTest(azurite, "page")
{
    const string Script = "<script>alert(1)</script>";
    const string ScriptLs = "tsag-2017-05-td140";

    [Fact]
    public async Task TSB_filters_to_SG17_on_1_February_2018_opens_LS3_and_sees_an_LS_titled_with_a_script_as_text()
    {
        // An LS whose title is markup, dispatched so it is owed from today on.
        using var rapporteur = Host.Client("dev-rapporteur");
        using var chair = Host.Client("dev-chair");
        var draft = JsonSerializer.SerializeToNode(NewLiaison.Draft(ScriptLs))!;
        draft["title"] = Script;
        Assert.Equal(201, (await rapporteur.PostAsync("api/liaisons", draft)).Status);
        Assert.Equal(202, (await rapporteur.PostAsync($"api/liaisons/{ScriptLs}/submit")).Status);
        await rapporteur.WaitForStateAsync(ScriptLs, "AwaitingEndorsement");
        Assert.Equal(202, (await chair.PostAsync($"api/liaisons/{ScriptLs}/endorse")).Status);

        await using var browser = await BrowserSession.StartAsync(width: 1400);
        var page = browser.Page;

        // Without a key the page says what to do (the 401 from the API).
        await page.GotoAsync($"{Host.BaseAddress}dashboard");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("API key");
        browser.Errors.Clear(); // the browser logs the 401 itself

        // /dashboard redirects to /api/dashboard; the key is kept in localStorage, not in the address.
        await page.GotoAsync($"{Host.BaseAddress}dashboard?key=dev-secretariat&asOf=2018-02-01");
        await Expect(page).ToHaveURLAsync(new Regex(@"/api/dashboard\?asOf=2018-02-01$"));
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeHiddenAsync();
        await Expect(page.GetByLabel("As of")).ToHaveValueAsync("2018-02-01");
        await Expect(page.Locator("#t-outstanding")).Not.ToHaveTextAsync("–");
        Assert.True(int.Parse(await page.Locator("#t-open").TextContentAsync() ?? "") >= 4);
        Assert.True(int.Parse(await page.Locator("#t-overdue").TextContentAsync() ?? "") > 0);  // LS5

        await page.GetByLabel("Group", new() { Exact = true }).SelectOptionAsync("itu-t-sg17");
        var lsCells = page.Locator("#rows-table tbody th");
        await Expect(lsCells).ToHaveTextAsync(["TSAG-LS5", "TSAG-LS6", "TSAG-LS1", "TSAG-LS3"]); // by deadline
        await Expect(page.Locator("#rows-table tbody td:nth-child(3)")).ToHaveTextAsync(Enumerable.Repeat("ITU-T Study Group 17 (Security)", 4).ToArray());
        await Expect(page.Locator("#t-outstanding")).ToHaveTextAsync("4");
        await Expect(page.Locator("#groups-table tr[aria-current=true]")).ToContainTextAsync("ITU-T Study Group 17");

        // Sorting by LS number, then back.
        await page.GetByRole(AriaRole.Button, new() { Name = "LS", Exact = true }).ClickAsync();
        await Expect(lsCells).ToHaveTextAsync(["TSAG-LS1", "TSAG-LS3", "TSAG-LS5", "TSAG-LS6"]);
        await Expect(page.Locator("#rows-table thead th").First).ToHaveAttributeAsync("aria-sort", "ascending");
        await page.GetByRole(AriaRole.Button, new() { Name = "LS", Exact = true }).ClickAsync();
        await Expect(lsCells).ToHaveTextAsync(["TSAG-LS6", "TSAG-LS5", "TSAG-LS3", "TSAG-LS1"]);
        await Expect(page.Locator("#rows-table thead th").First).ToHaveAttributeAsync("aria-sort", "descending");

        // LS3's detail: addressees, history.
        await page.GetByRole(AriaRole.Button, new() { Name = "Details of TSAG-LS3" }).ClickAsync();
        var detail = page.Locator("#detail");
        await Expect(detail.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("TSAG-LS3: LS on open source");
        await Expect(detail.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToBeFocusedAsync();
        await Expect(page.Locator("#d-addressees tbody tr")).ToHaveCountAsync(11);
        // On 1 February 2018 nobody was late yet for "before 12 March 2018", whatever today is.
        await Expect(page.Locator("#d-addressees tbody")).ToContainTextAsync("before 12 March 2018");
        await Expect(page.Locator("#d-addressees tbody")).Not.ToContainTextAsync("(overdue)");
        Assert.True(await page.Locator("#d-history tbody tr").CountAsync() >= 1);
        await Expect(page.Locator("#d-history tbody")).Not.ToContainTextAsync("No history.");
        Directory.CreateDirectory(Path.Combine(RepoPaths.Root, "artifacts"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Root, "artifacts", "dashboard.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync(); // not "Close LS", the Secretariat's action
        await Expect(detail).ToBeHiddenAsync();

        // Clicking the selected group in the per-group view shows all groups again.
        await page.Locator("#groups-table tr[aria-current=true] button").ClickAsync();
        await Expect(page.GetByLabel("Group", new() { Exact = true })).ToHaveValueAsync("");
        await Expect(lsCells.Nth(4)).ToBeVisibleAsync();

        // Today the script-titled LS is owed: shown as text, and nothing ran.
        await chair.WaitForStateAsync(ScriptLs, "AwaitingReplies");
        await page.GetByRole(AriaRole.Button, new() { Name = "Today" }).ClickAsync();
        var scriptRow = page.Locator($"#rows-table tbody tr[data-ls='{ScriptLs}']").First;
        await Expect(scriptRow.Locator("td").First).ToHaveTextAsync(Script);
        await scriptRow.Locator("th button").ClickAsync();
        await Expect(page.Locator("#detail-h")).ToHaveTextAsync($"TSAG-LS8: {Script}");
        Assert.Equal(0, await page.Locator("#rows-table script, #detail script").CountAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Root, "artifacts", "dashboard-script-title.png"), FullPage = true });

        browser.AssertNoErrors(); // includes Content-Security-Policy violations
    }

    const string PenSubject = "Reply of SG17 to TSAG-LS3 (SG17-LS12)";
    const string PenMarkup = "<img src=x onerror=alert(1)> hello";

    /// <summary>The holding pen (seeded by posts to the SendGrid webhook): TSB dismisses one message and assigns another with clicks and keys.</summary>
    [Fact]
    public async Task An_unknown_senders_reply_waits_in_the_pen_TSB_assigns_it_and_the_LS_shows_the_reply()
    {
        using (var sendGrid = Host.Client(null))
        {
            var unknown = SendGridInboundPost.Message("A. Rapporteur <rapporteur@elsewhere.example>", "tsbtsag@liaisonflow.example", PenSubject,
                "Please find SG17's reply attached.", "pen-1@elsewhere.example", ("SG17-LS12.pdf", "application/pdf", System.Text.Encoding.ASCII.GetBytes("%PDF-1.4 reply")));
            Assert.Equal("Unmatched", (string?)(await SendGridInboundPost.PostAsync(sendGrid, SendGridInboundPost.Parsed(unknown))).Body!["status"]);
            var spam = SendGridInboundPost.Message("someone@elsewhere.example", "tsbtsag@liaisonflow.example", PenMarkup, "Buy now.", "pen-2@elsewhere.example");
            Assert.Equal("Unmatched", (string?)(await SendGridInboundPost.PostAsync(sendGrid, SendGridInboundPost.Parsed(spam, spf: "fail", dkim: "none"))).Body!["status"]);
        }

        await using var browser = await BrowserSession.StartAsync(width: 1400);
        var page = browser.Page;
        await browser.OpenAsync($"{Host.BaseAddress}api/dashboard?key=dev-secretariat");
        var pen = page.Locator("#holding-pen");
        await Expect(pen.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToContainTextAsync("Holding pen (2)");
        var reply = pen.GetByRole(AriaRole.Article, new() { Name = PenSubject });
        await Expect(reply).ToContainTextAsync("rapporteur@elsewhere.example");
        await Expect(reply).ToContainTextAsync("not an address the directory knows");
        await Expect(reply.GetByRole(AriaRole.Link, new() { Name = "SG17-LS12.pdf" })).ToHaveAttributeAsync("href", new Regex(@"/api/inbound/[a-z0-9-]+/attachments/1$"));
        // The best candidate is chosen already; the sender is not known, so the group is for TSB to choose.
        await Expect(reply.GetByLabel("TSAG-LS3, LS on open source", new() { Exact = false })).ToBeCheckedAsync();
        // The subject that is markup is shown as text, and nothing ran.
        await Expect(pen.GetByRole(AriaRole.Heading, new() { Name = PenMarkup })).ToBeVisibleAsync();
        await Expect(pen.Locator("img")).ToHaveCountAsync(0);
        await browser.AssertAccessibleAsync("Holding pen");
        await browser.ScreenshotAsync("holding-pen", pen);

        // Dismissing needs a reason; with one, the message leaves the pen.
        var spamItem = pen.GetByRole(AriaRole.Article, new() { Name = PenMarkup });
        await spamItem.GetByLabel("Reason for dismissing").FillAsync("Spam: SPF and DKIM fail.");
        await spamItem.GetByLabel("Reason for dismissing").PressAsync("Enter");
        await Expect(page.Locator("#pen-status")).ToContainTextAsync("Dismissed");
        await Expect(pen.GetByRole(AriaRole.Article)).ToHaveCountAsync(1);

        // Assigned with the keyboard: the group, then the button.
        var group = reply.GetByLabel("Group that replied");
        await group.FocusAsync();
        await group.SelectOptionAsync("itu-t-sg17");
        await reply.GetByRole(AriaRole.Button, new() { Name = "Assign and register" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#pen-status")).ToContainTextAsync("Registered as the reply SG17-LS12");
        await Expect(pen).ToContainTextAsync("No mail in the holding pen.");

        await pen.GetByRole(AriaRole.Button, new() { Name = "Show TSAG-LS3" }).ClickAsync();
        var detail = page.Locator("#detail");
        await Expect(detail.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("TSAG-LS3: LS on open source");
        await Expect(page.Locator("#d-replies tbody")).ToContainTextAsync("SG17-LS12");
        await Expect(page.Locator("#d-history tbody")).ToContainTextAsync("assigned by");
        browser.AssertNoErrors();
    }

    /// <summary>
    /// An incoming LS that asks TSAG for action and replies to TSAG-LS3: owed under "we owe"; its detail
    /// links to LS3, and LS3's detail links back (the chain both ways, followed with clicks).
    /// </summary>
    [Fact]
    public async Task An_incoming_LS_is_under_we_owe_and_its_reply_chain_is_followed_both_ways()
    {
        using (var tsb = Host.Client("dev-secretariat"))
        {
            var (status, body, _) = await tsb.PostAsync("api/liaisons", new
            {
                direction = "incoming", meetingId = "tsag-2017-05", fromGroup = "ITU-T SG2", number = "SG2-LS20",
                title = "Reply to TSAG-LS3 on open source", td = "TD166", purpose = "Action", deadline = "before 30 April 2099",
                responsibleGroup = "TSAG", repliesTo = "TSAG-LS3",
            });
            Assert.True(status == 201, $"{status}: {body}");
        }

        await using var browser = await BrowserSession.StartAsync(width: 1400);
        var page = browser.Page;
        await browser.OpenAsync($"{Host.BaseAddress}api/dashboard?key=dev-secretariat");
        var weOwe = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "We owe" }) });
        var row = weOwe.Locator("tr", new() { HasText = "SG2-LS20" });
        await Expect(row).ToContainTextAsync("Action");
        await Expect(row).ToContainTextAsync("TSAG");
        await browser.AssertAccessibleAsync("We owe");
        await browser.ScreenshotAsync("we-owe", weOwe);

        await row.GetByRole(AriaRole.Button, new() { Name = "Details of SG2-LS20" }).ClickAsync();
        var detail = page.Locator("#detail");
        var heading = detail.GetByRole(AriaRole.Heading, new() { Level = 2 });
        await Expect(heading).ToHaveTextAsync("Incoming: SG2-LS20: Reply to TSAG-LS3 on open source");
        await detail.GetByRole(AriaRole.Button, new() { Name = "TSAG-LS3: LS on open source" }).ClickAsync();
        await Expect(heading).ToHaveTextAsync("TSAG-LS3: LS on open source");
        // LS3 names the incoming LS as a reply to it, and lists it among its replies.
        await Expect(page.Locator("#d-replies tbody")).ToContainTextAsync("SG2-LS20");
        await detail.GetByRole(AriaRole.Button, new() { Name = "SG2-LS20: Reply to TSAG-LS3 on open source" }).ClickAsync();
        await Expect(heading).ToHaveTextAsync("Incoming: SG2-LS20: Reply to TSAG-LS3 on open source");
        await browser.AssertAccessibleAsync("Incoming LS detail");
        browser.AssertNoErrors();
    }
}
