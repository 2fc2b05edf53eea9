using System.Text.Json.Serialization;
using LiaisonFlow.Domain;

namespace LiaisonFlow.Documents;

// What POST /api/documents/extract answers: the fields of a new LS as POST /api/liaisons takes them, where each was
// found, and what could not be read. Nulls are written out (the API's JSON otherwise leaves them out): a field the
// document did not give is there, empty, for the New-LS page to ask for.

/// <param name="Found">Field path ("title", "contact.email", "addressees[2].group") → the text as found and where.</param>
/// <param name="Warnings">What could not be read, each naming its field path.</param>
public sealed record ExtractedLs(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Title,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Subject,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? SourceBody,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? SourceGroup,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Td,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Questions,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Approval,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? MeetingId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] ExtractedContact? Contact,
    IReadOnlyList<ExtractedAddressee> Addressees,
    IReadOnlyDictionary<string, FoundText> Found,
    IReadOnlyList<ExtractWarning> Warnings);

public sealed record ExtractedContact(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Organization,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Email);

/// <param name="Group">The directory's id when the name was found there, else the text as written.</param>
/// <param name="Deadline">The deadline as written when it parses; null for none, or when it could not be read (then a warning says so).</param>
public sealed record ExtractedAddressee(
    string Group,
    Purpose Purpose,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Deadline);

/// <param name="Where">"header", "paragraph 7", "table 1, row 2, cell 2".</param>
public sealed record FoundText(string Text, string Where);

public sealed record ExtractWarning(string Field, string Message);
