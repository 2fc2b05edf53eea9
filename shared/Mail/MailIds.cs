using System.Security.Cryptography;
using System.Text;

namespace LiaisonFlow.Mail;

/// <summary>Message-IDs that are the same every time one mail is sent, so a resend is folded by mail clients.</summary>
public static class MailIds
{
    /// <summary>"&lt;hash&gt;.&lt;ls id&gt;@domain" without angle brackets; only atext characters, stable per LS and mail key.</summary>
    public static string MessageId(string liaisonId, string key, string domain)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{liaisonId}\n{key}")))[..24];
        var readable = new string([.. liaisonId.Where(c => char.IsAsciiLetterOrDigit(c) || c == '-').Take(64)]);
        return $"{hash}.{readable}@{domain}";
    }

    public static string DomainOf(string address) =>
        address.LastIndexOf('@') is var at and >= 0 && at < address.Length - 1 ? address[(at + 1)..] : "liaisonflow.invalid";
}
