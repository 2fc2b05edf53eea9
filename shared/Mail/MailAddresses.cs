using MimeKit;

namespace LiaisonFlow.Mail;

/// <summary>Which addresses a transport may hand on: a plain addr-spec ("local@domain.tld") that parses strictly.</summary>
public static class MailAddresses
{
    static readonly ParserOptions Strict = new()
    {
        AddressParserComplianceMode = RfcComplianceMode.Strict,
        AllowAddressesWithoutDomain = false,
        AllowUnquotedCommasInAddresses = false,
    };

    /// <summary>True for a bare address (no display name, no route, no surrounding spaces) with a dotted domain, at most 254 characters.</summary>
    public static bool IsValid(string? email)
    {
        if (string.IsNullOrEmpty(email) || email.Length > 254 || email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))) return false;
        if (!MailboxAddress.TryParse(Strict, email, out var mailbox)) return false;
        if (!string.IsNullOrEmpty(mailbox.Name) || mailbox.Route.Count > 0 || !string.Equals(mailbox.Address, email, StringComparison.Ordinal)) return false;
        var domain = mailbox.Domain;
        return domain.Length > 2 && domain.Contains('.') && !domain.StartsWith('.') && !domain.EndsWith('.');
    }

    /// <summary>Why a copy cannot be sent to its recipients, or null when every address is valid.</summary>
    public static string? Refusal(IReadOnlyList<MailRecipient> to)
    {
        if (to.Count == 0) return "The mail has no recipient.";
        var bad = to.Where(t => !IsValid(t.Email)).Select(t => $"'{t.Email}'").ToList();
        return bad.Count == 0 ? null : $"Not a valid email address: {string.Join(", ", bad)}.";
    }
}
