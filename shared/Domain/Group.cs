namespace LiaisonFlow.Domain;

/// <summary>
/// A body that sends or receives liaison statements. A collective group ("all ITU-T SGs") has <see cref="Members"/>
/// (ids or names of other groups) and is expanded to them when an LS is dispatched.
/// </summary>
/// <param name="Id">Stable id, normally <see cref="GroupNames.Normalize"/> of the name ("itu-t-sg17").</param>
/// <param name="Body">The organisation the group belongs to ("ITU-T", "ITU-D", "ISO/IEC").</param>
/// <param name="Email">Where LSs to this group are sent; null for collectives and unknown addresses.</param>
/// <param name="Aliases">Other spellings seen in reports, matched case-insensitively by <see cref="GroupDirectory"/>.</param>
public sealed record Group(string Id, string Name, string Body, string? Email, IReadOnlyList<string> Aliases, IReadOnlyList<string> Members)
{
    public bool IsCollective => Members.Count > 0;

    /// <summary>
    /// Other addresses the group's replies come from besides <see cref="Email"/> (its officers, its chair): an
    /// address, or "@domain" for any address of a domain the group alone uses. A mail to a reply address is
    /// registered only when its sender is one of these or <see cref="Email"/>.
    /// </summary>
    public IReadOnlyList<string> Addresses { get; init; } = [];

    /// <summary>True when <paramref name="sender"/> is the group's address, one of its <see cref="Addresses"/>, or of one of their "@domain"s.</summary>
    public bool KnowsSender(string sender)
    {
        var at = sender.LastIndexOf('@');
        var domain = at >= 0 ? sender[at..] : null;
        return Addresses.Prepend(Email).OfType<string>().Any(known =>
            known.Equals(sender, StringComparison.OrdinalIgnoreCase) || (known.StartsWith('@') && known.Equals(domain, StringComparison.OrdinalIgnoreCase)));
    }
}
