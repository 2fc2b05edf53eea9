using System.Globalization;
using System.Text.RegularExpressions;
using LiaisonFlow.Domain;

namespace LiaisonFlow.Inbound;

/// <summary>Where a message quotes an LS: its subject, its text body, or an attachment's name.</summary>
public enum QuotePlace
{
    Subject,
    Body,
    AttachmentName,
}

/// <summary>A sent LS a message quotes, where, and what it quotes of it ("TSAG-LS3", "TD 117", its title).</summary>
public sealed record LiaisonQuote(LiaisonStatement Liaison, QuotePlace Place, string Quoted)
{
    /// <summary>"subject: TSAG-LS3", as the history and the holding pen say it.</summary>
    public string Said => $"{ReplyMatcher.Name(Place)}: {Quoted}";
}

/// <summary>What the matcher makes of a message without a reply address: the LS and group it is the reply of, or why it goes to the pen.</summary>
public sealed record ContentMatch(ReplyTarget? Target, string How, PenReason? Reason, string Detail);

/// <summary>
/// Matches a message that came without a reply address (forwarded, or sent to the secretariat's mailbox) by
/// what it quotes: the number of a sent LS in any spelling the domain accepts ("TSAG-LS3", "TSAG LS 3",
/// "LS3 of TSAG", a recorded alias), its TD ("TD 117") or its exact title, in the subject, the text body and
/// the attachments' names; and the group by the sender's address or domain in the directory. Only an
/// unambiguous match — one LS, and one of its addressee groups that knows the sender — names a target.
/// </summary>
public static partial class ReplyMatcher
{
    // A forwarded thread quotes a lot; the LS it answers is near the top. Bounds the work on a large body.
    const int MaxBodyCharacters = 64 * 1024;

    // Titles shorter than this ("LS on IoT") are too common in mail to be read as naming one LS.
    const int MinTitleLength = 16;

    static readonly TimeSpan Budget = TimeSpan.FromSeconds(1);

    public static string Name(QuotePlace place) => place switch
    {
        QuotePlace.Subject => "subject",
        QuotePlace.Body => "body",
        _ => "attachment name",
    };

    /// <summary>The sent LSs the message quotes, subject first, then body, then attachment names; each LS once per place.</summary>
    public static IReadOnlyList<LiaisonQuote> Quotes(string subject, string body, IEnumerable<string> attachmentNames, IReadOnlyList<LiaisonStatement> liaisons)
    {
        var sent = liaisons.Where(l => LiaisonRules.AcceptsReplies(l.State)).ToList();
        var places = new List<(QuotePlace Place, string Text)> { (QuotePlace.Subject, subject), (QuotePlace.Body, body.Length > MaxBodyCharacters ? body[..MaxBodyCharacters] : body) };
        places.AddRange(attachmentNames.Select(n => (QuotePlace.AttachmentName, Path.GetFileNameWithoutExtension(n).Replace('_', ' '))));
        var quotes = new List<LiaisonQuote>();
        foreach (var (place, text) in places)
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            var folded = DomainText.Fold(text);
            foreach (var ls in sent)
                if (QuotedOf(ls, folded) is { } quoted && !quotes.Any(q => q.Place == place && q.Liaison.Id == ls.Id))
                    quotes.Add(new LiaisonQuote(ls, place, quoted));
        }
        return quotes;
    }

    /// <summary>The verdict on a message without a reply address; the caller still checks SPF and DKIM.</summary>
    public static ContentMatch Match(string subject, string body, IEnumerable<string> attachmentNames, string sender, IReadOnlyList<LiaisonStatement> liaisons, GroupDirectory directory)
    {
        var quotes = Quotes(subject, body, attachmentNames, liaisons);
        var quoted = quotes.Select(q => q.Liaison).DistinctBy(l => l.Id).ToList();
        if (quoted.Count == 0)
            return Pen(PenReason.NoReplyAddress, "Sent to no reply address of LiaisonFlow, and its subject, body and attachment names quote no sent LS (number, TD or title).");
        if (quoted.Count > 1)
            return Pen(PenReason.AmbiguousMatch, $"Sent to no reply address, and it quotes {quoted.Count} LSs: {string.Join("; ", quotes.DistinctBy(q => q.Liaison.Id).Select(q => $"{Label(q.Liaison)} ({q.Said})"))}.");

        var ls = quoted[0];
        var first = quotes[0];
        var senders = SenderGroups(sender, directory);
        if (senders.Count == 0)
            return Pen(PenReason.UnknownSender, $"It quotes {Label(ls)} ({first.Said}), but {sender} is not an address the directory knows for any group.");
        var addressees = senders.Where(g => ls.Addressees.Any(a => a.GroupId == g.Id)).ToList();
        if (addressees.Count == 0)
            return Pen(PenReason.UnknownSender, $"It quotes {Label(ls)} ({first.Said}), but {sender} is known for {string.Join(", ", senders.Select(g => g.Name))}, not for a group the LS is addressed to.");
        if (addressees.Count > 1)
            return Pen(PenReason.AmbiguousMatch, $"It quotes {Label(ls)} ({first.Said}), and {sender} is known for several of its addressee groups: {string.Join(", ", addressees.Select(g => g.Name))}.");
        return new ContentMatch(new ReplyTarget(ls.Id, addressees[0].Id), $"matched by {first.Said}", null, "");
    }

    /// <summary>The groups (not collectives) whose known addresses or domains include the sender.</summary>
    public static IReadOnlyList<Domain.Group> SenderGroups(string sender, GroupDirectory directory) =>
        [.. directory.All.Where(g => !g.IsCollective && g.KnowsSender(sender))];

    static ContentMatch Pen(PenReason reason, string detail) => new(null, "", reason, detail);

    static string Label(LiaisonStatement ls) => ls.Number?.ToString() ?? ls.Id;

    /// <summary>What of the LS the folded text quotes — its number, an alias, its TD, its title — or null.</summary>
    static string? QuotedOf(LiaisonStatement ls, string folded)
    {
        try
        {
            return Quoted(ls, folded);
        }
        catch (RegexMatchTimeoutException)
        {
            return null; // a text that exhausts the budget quotes nothing we can trust
        }
    }

    static string? Quoted(LiaisonStatement ls, string folded)
    {
        if (ls.Number is { } number && NumberPattern(number).IsMatch(folded)) return number.ToString();
        foreach (var alias in ls.NumberAliases)
            if (alias.Trim().Length > 0 && Regex.IsMatch(folded, $@"(?<![a-z0-9]){Regex.Escape(DomainText.Fold(alias))}(?![a-z0-9])", RegexOptions.CultureInvariant, Budget))
                return ls.Number?.ToString() ?? alias.Trim();
        if (ls.Td is { } td && TdNumbers(folded).Contains(td.Number)) return $"TD {td.Number}";
        var title = DomainText.Fold(ls.Title);
        if (title.Length >= MinTitleLength && folded.Contains(title, StringComparison.Ordinal)) return $"title \"{ls.Title.Trim()}\"";
        return null;
    }

    /// <summary>
    /// Every spelling of the number in folded text: "tsag-ls3", "tsag ls 3", "tsag-ls03", "itu-t sg 17-ls12",
    /// and the prose form "ls3 of tsag" / "ls 3 from the tsag".
    /// </summary>
    static Regex NumberPattern(LsNumber number)
    {
        var body = BodyPattern(number.Body);
        var sequence = $"0*{number.Sequence}(?![0-9])";
        return new Regex($@"(?<![a-z0-9])(?:{body} ?-? ?ls ?-? ?{sequence}|ls ?-? ?{sequence} (?:of|from) (?:the )?{body}(?![a-z0-9]))",
            RegexOptions.CultureInvariant, Budget);
    }

    /// <summary>The body as LsNumber reads it: a short form ("SG17") also as "sg 17" and "itu-t sg17"; spaces optional where it has them.</summary>
    static string BodyPattern(string canonical)
    {
        var lower = canonical.ToLowerInvariant();
        var m = ShortForm().Match(lower);
        if (m.Success) return $"(?:itu-?t )?{m.Groups["letters"].Value} ?{m.Groups["digits"].Value}";
        return string.Join(" ?", lower.Split(' ').Select(Regex.Escape));
    }

    static HashSet<int> TdNumbers(string folded) =>
        [.. TdText().Matches(folded).Select(m => int.TryParse(m.Groups["n"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).Where(n => n > 0)];

    [GeneratedRegex(@"\A(?<letters>[a-z]+)(?<digits>[0-9]{0,3})\z", RegexOptions.CultureInvariant)]
    private static partial Regex ShortForm();

    [GeneratedRegex(@"(?<![a-z0-9])td ?-? ?(?<n>[0-9]{1,6})(?![0-9])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex TdText();
}
