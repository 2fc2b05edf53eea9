namespace LiaisonFlow.Import;

// The meeting import file, formatVersion 1 (docs/import-format.md). Plain DTOs: the importer
// validates every field and names the one at fault, so nothing here is trusted.

public sealed class MeetingImportFile
{
    public int FormatVersion { get; set; }
    public MeetingDto? Meeting { get; set; }
    public List<GroupDto>? Groups { get; set; }
    public List<LiaisonDto>? Liaisons { get; set; }
}

public sealed class ContactDto
{
    public string? Name { get; set; }
    public string? Email { get; set; }
}

public sealed class MeetingDto
{
    public string? Id { get; set; }
    public string? Body { get; set; }
    public string? Sector { get; set; }
    public string? Title { get; set; }
    public string? Place { get; set; }
    public string? StartDate { get; set; }
    public string? EndDate { get; set; }
    public ContactDto? Chair { get; set; }
    public ContactDto? Secretariat { get; set; }
    public string? NextMeeting { get; set; }
}

public sealed class GroupDto
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Body { get; set; }
    public string? Email { get; set; }
    public List<string>? Aliases { get; set; }
    public List<string>? Members { get; set; }
    public List<string>? Addresses { get; set; }
}

public sealed class LiaisonDto
{
    public string? Id { get; set; }
    public string? Number { get; set; }
    public List<string>? NumberAliases { get; set; }
    public string? Title { get; set; }
    public string? Subject { get; set; }
    public string? SourceBody { get; set; }
    public string? SourceGroup { get; set; }
    public string? Td { get; set; }
    public string? Questions { get; set; }
    public string? Approval { get; set; }
    public ContactDto? Contact { get; set; }
    public string? State { get; set; }
    public string? EndorsedOn { get; set; }
    public string? DispatchedOn { get; set; }
    public string? ReportSection { get; set; }
    public string? Notes { get; set; }
    public List<AddresseeDto>? Addressees { get; set; }
}

public sealed class AddresseeDto
{
    public string? Group { get; set; }
    public string? Purpose { get; set; }
    public string? Deadline { get; set; }
}
