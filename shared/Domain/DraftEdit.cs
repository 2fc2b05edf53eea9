namespace LiaisonFlow.Domain;

/// <summary>
/// A rapporteur's correction of a draft: the fields given (<see cref="Fields"/>) with their values as validated
/// (<see cref="Edited"/>: the draft as it would read, checked by the same rules as a new LS). Applied to the
/// draft as stored when the change is decided, so an edit never carries back fields it did not name.
/// </summary>
public sealed record DraftEdit(LiaisonStatement Edited, IReadOnlySet<DraftField> Fields)
{
    /// <summary>Longest old or new value quoted in the history line; longer ones end in "…".</summary>
    const int QuoteLength = 60;

    public LiaisonStatement ApplyTo(LiaisonStatement draft) => draft with
    {
        Title = Fields.Contains(DraftField.Title) ? Edited.Title : draft.Title,
        Subject = Fields.Contains(DraftField.Subject) ? Edited.Subject : draft.Subject,
        Td = Fields.Contains(DraftField.Td) ? Edited.Td : draft.Td,
        Questions = Fields.Contains(DraftField.Questions) ? Edited.Questions : draft.Questions,
        Approval = Fields.Contains(DraftField.Approval) ? Edited.Approval : draft.Approval,
        Contact = Fields.Contains(DraftField.Contact) ? Edited.Contact : draft.Contact,
        // A given list replaces the whole list: the draft goes to exactly the groups named now.
        Addressees = Fields.Contains(DraftField.Addressees) ? Edited.Addressees : draft.Addressees,
        InReplyTo = Fields.Contains(DraftField.InReplyTo) ? Edited.InReplyTo : draft.InReplyTo,
    };

    /// <summary>What differs from <paramref name="before"/> to <paramref name="after"/>, one short phrase per change (old → new); empty when nothing does.</summary>
    public static IReadOnlyList<string> Differences(LiaisonStatement before, LiaisonStatement after)
    {
        var list = new List<string>();
        void Compare(string field, string? old, string? @new)
        {
            if (old != @new) list.Add($"{field} {Quote(old)} → {Quote(@new)}");
        }
        Compare("title", before.Title, after.Title);
        Compare("subject", before.Subject, after.Subject);
        Compare("TD", before.Td?.ToString(), after.Td?.ToString());
        Compare("questions", before.Questions, after.Questions);
        Compare("approval", before.Approval, after.Approval);
        Compare("contact", ContactText(before.Contact), ContactText(after.Contact));
        Compare("in reply to", before.InReplyTo, after.InReplyTo);

        var old = before.Addressees.ToDictionary(a => a.GroupId);
        var now = after.Addressees.ToDictionary(a => a.GroupId);
        foreach (var gone in before.Addressees.Where(a => !now.ContainsKey(a.GroupId)))
            list.Add($"removed {gone.GroupId}");
        foreach (var a in after.Addressees)
        {
            if (!old.TryGetValue(a.GroupId, out var was))
            {
                list.Add($"added {a.GroupId} (for {a.Purpose.ToString().ToLowerInvariant()}, {Quote(a.Deadline.Raw)})");
                continue;
            }
            if (was.Purpose != a.Purpose) list.Add($"{a.GroupId} for {was.Purpose.ToString().ToLowerInvariant()} → for {a.Purpose.ToString().ToLowerInvariant()}");
            if (was.Deadline.Raw != a.Deadline.Raw) list.Add($"{a.GroupId} deadline {Quote(was.Deadline.Raw)} → {Quote(a.Deadline.Raw)}");
            if (was.AddressedAs != a.AddressedAs) list.Add($"{a.GroupId} addressed as {Quote(was.AddressedAs)} → {Quote(a.AddressedAs)}");
        }
        return list;
    }

    static string? ContactText(Contact? c) => c is null ? null : $"{c.Name} <{c.Email}>";

    static string Quote(string? value) => value is null or "" ? "none"
        : value.Length <= QuoteLength ? $"\"{value}\"" : $"\"{value[..(QuoteLength - 1)]}…\"";
}
