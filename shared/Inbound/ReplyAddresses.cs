using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using LiaisonFlow.Hosting;
using LiaisonFlow.Mail;
using Microsoft.Extensions.Options;

namespace LiaisonFlow.Inbound;

/// <summary>The LS and addressee group a reply address was made for.</summary>
public sealed record ReplyTarget(string LiaisonId, string GroupId);

/// <summary>
/// Reply addresses unique to an LS and an addressee group: reply+&lt;LS id&gt;.&lt;group id&gt;.&lt;MAC&gt;@&lt;inbound domain&gt;,
/// e.g. reply+tsag-2017-05-td102.itu-t-sg17.k3q9x2m4p7a1c5d8@inbound.liaisonflow.example.
/// </summary>
/// <remarks>
/// The ids are written as they are (they are slugs: lower-case letters, digits and hyphens, so they are
/// valid in a local part, and dots separate them), so the LS and the group are read back without a lookup
/// table; the MAC (HMAC-SHA256 under LiaisonFlow:Inbound:TokenKey, 80 bits, base32) makes the address
/// unforgeable. Base32 in lower case because mail systems may change the case of a local part. An address
/// must fit the 64-character local part of RFC 5321: every TSAG id does (the longest, 18 + 10 characters,
/// makes 52), and an LS or group whose ids are too long for it gets no reply address — its mails keep the
/// secretariat's Reply-To, as when reply addresses are off — rather than an address some servers refuse.
/// </remarks>
public sealed partial class ReplyAddresses(IOptions<LiaisonFlowOptions> options)
{
    const string Prefix = "reply+";
    const int MacBytes = 10;
    const int MaxLocalPart = 64;

    InboundOptions Settings => options.Value.Inbound;

    /// <summary>The reply address for the LS and group, or null when reply addresses are off or the ids do not fit.</summary>
    public MailRecipient? For(string liaisonId, string groupId, string? name = null)
    {
        if (!Settings.ReplyAddressesConfigured || !IsId(liaisonId) || !IsId(groupId)) return null;
        var local = $"{Prefix}{liaisonId}.{groupId}.{Mac(liaisonId, groupId)}";
        return local.Length <= MaxLocalPart ? new MailRecipient($"{local}@{Settings.Domain!.Trim()}", name) : null;
    }

    /// <summary>The LS and group of a reply address under our domain whose MAC is right; null for any other address.</summary>
    public ReplyTarget? Read(string? address)
    {
        var local = ReplyLocalPart(address);
        if (local is null || local.Length > MaxLocalPart) return null;
        var parts = local[Prefix.Length..].Split('.');
        if (parts.Length != 3 || !IsId(parts[0]) || !IsId(parts[1])) return null;
        var expected = Encoding.ASCII.GetBytes(Mac(parts[0], parts[1]));
        // Constant time: the MAC is what makes the address unforgeable.
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[2])) ? new ReplyTarget(parts[0], parts[1]) : null;
    }

    /// <summary>
    /// True when the address has the form of one of our reply addresses, whether or not its MAC is right: one
    /// that does not verify was altered, or made under an earlier key, and is trusted for nothing.
    /// </summary>
    public bool LooksLikeOne(string? address) => ReplyLocalPart(address) is not null;

    /// <summary>The local part, in lower case, of an address under our domain that starts "reply+"; null for any other.</summary>
    string? ReplyLocalPart(string? address)
    {
        if (!Settings.ReplyAddressesConfigured || string.IsNullOrEmpty(address)) return null;
        var at = address.LastIndexOf('@');
        if (at <= 0 || !address[(at + 1)..].Trim().Equals(Settings.Domain!.Trim(), StringComparison.OrdinalIgnoreCase)) return null;
        var local = address[..at].Trim().ToLowerInvariant();
        return local.StartsWith(Prefix, StringComparison.Ordinal) ? local : null;
    }

    string Mac(string liaisonId, string groupId)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Settings.TokenKey!), Encoding.UTF8.GetBytes($"reply|{liaisonId}|{groupId}"));
        return Base32(mac.AsSpan(0, MacBytes));
    }

    /// <summary>RFC 4648 base32 in lower case, without padding.</summary>
    static string Base32(ReadOnlySpan<byte> bytes)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        var text = new StringBuilder((bytes.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) text.Append(alphabet[(buffer << (5 - bits)) & 31]);
        return text.ToString();
    }

    static bool IsId(string id) => IdPattern().IsMatch(id);

    [GeneratedRegex(@"\A[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?\z")]
    private static partial Regex IdPattern();
}
