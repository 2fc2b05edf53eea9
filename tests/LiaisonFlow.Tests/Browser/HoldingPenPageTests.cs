using System.Text;
using LiaisonFlow.Tests.Inbound;
using LiaisonFlow.Tests.Infrastructure;
using LiaisonFlow.Tests.Integration;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace LiaisonFlow.Tests.Browser;

/// <summary>
/// The holding pen on the dashboard in headless Chromium: after the test's own seed (mail posted to the
/// SendGrid webhook), TSB assigns and dismisses messages with clicks and keys only.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class HoldingPenPageTests(AzuriteFixture azurite) : TsagHostTest(azurite, "pen-page")
{
    const string Subject = "Reply of SG17 to TSAG-LS3 (SG17-LS12)";
    const string Markup = "<img src=x onerror=alert(1)> hello";

    [Fact]
    public async Task An_unknown_senders_reply_waits_in_the_pen_TSB_assigns_it_and_the_LS_shows_the_reply()
    {
        using (var sendGrid = Host.Client(null))
        {
            var unknown = SendGridInboundPost.Message("A. Rapporteur <rapporteur@elsewhere.example>", "tsbtsag@liaisonflow.example", Subject,
                "Please find SG17's reply attached.", "pen-1@elsewhere.example", ("SG17-LS12.pdf", "application/pdf", Encoding.ASCII.GetBytes("%PDF-1.4 reply")));
            Assert.Equal("Unmatched", (string?)(await SendGridInboundPost.PostAsync(sendGrid, SendGridInboundPost.Parsed(unknown))).Body!["status"]);
            var spam = SendGridInboundPost.Message("someone@elsewhere.example", "tsbtsag@liaisonflow.example", Markup, "Buy now.", "pen-2@elsewhere.example");
            Assert.Equal("Unmatched", (string?)(await SendGridInboundPost.PostAsync(sendGrid, SendGridInboundPost.Parsed(spam, spf: "fail", dkim: "none"))).Body!["status"]);
        }

        await using var browser = await BrowserSession.StartAsync(width: 1400);
        var page = browser.Page;
        await browser.OpenAsync($"{Host.BaseAddress}api/dashboard?key=dev-secretariat");
        var pen = page.Locator("#holding-pen");
        await Expect(pen.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToContainTextAsync("Holding pen (2)");
        var reply = pen.GetByRole(AriaRole.Article, new() { Name = Subject });
        await Expect(reply).ToContainTextAsync("rapporteur@elsewhere.example");
        await Expect(reply).ToContainTextAsync("not an address the directory knows");
        await Expect(reply.GetByRole(AriaRole.Link, new() { Name = "SG17-LS12.pdf" })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex(@"/api/inbound/[a-z0-9-]+/attachments/1$"));
        // The best candidate is chosen already; the sender is not known, so the group is for TSB to choose.
        await Expect(reply.GetByLabel("TSAG-LS3, LS on open source", new() { Exact = false })).ToBeCheckedAsync();
        // The subject that is markup is shown as text, and nothing ran.
        await Expect(pen.GetByRole(AriaRole.Heading, new() { Name = Markup })).ToBeVisibleAsync();
        await Expect(pen.Locator("img")).ToHaveCountAsync(0);
        await browser.AssertAccessibleAsync("Holding pen");
        await browser.ScreenshotAsync("holding-pen", pen);

        // Dismissing needs a reason; with one, the message leaves the pen.
        var spamItem = pen.GetByRole(AriaRole.Article, new() { Name = Markup });
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
}
