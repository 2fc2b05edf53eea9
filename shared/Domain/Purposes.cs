namespace LiaisonFlow.Domain;

/// <summary>Parsing of the purpose columns as written in meeting reports ("for action", "info", …).</summary>
public static class Purposes
{
    /// <exception cref="FormatException">The text is not a known purpose; the message quotes it.</exception>
    public static Purpose Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var purpose)
            ? purpose
            : throw new FormatException($"Unrecognised purpose \"{text}\": expected \"action\", \"comment\" or \"information\" (optionally preceded by \"for\").");
    }

    public static bool TryParse(string? text, out Purpose purpose)
    {
        purpose = default;
        if (text is null)
        {
            return false;
        }
        var s = DomainText.Fold(text).TrimEnd('.').TrimEnd();
        if (s.StartsWith("for ", StringComparison.Ordinal))
        {
            s = s[4..].TrimStart();
        }
        switch (s)
        {
            case "action":
                purpose = Purpose.Action;
                return true;
            case "comment":
            case "comments":
                purpose = Purpose.Comment;
                return true;
            case "information":
            case "info":
                purpose = Purpose.Information;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Action and Comment addressees owe a reply; Information addressees do not.</summary>
    public static bool ExpectsReply(this Purpose p) => p is Purpose.Action or Purpose.Comment;

    /// <summary>The reply status an addressee starts with when the LS is dispatched.</summary>
    public static ReplyStatus InitialReplyStatus(this Purpose p) =>
        p.ExpectsReply() ? ReplyStatus.Outstanding : ReplyStatus.NotExpected;
}
