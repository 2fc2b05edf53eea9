namespace LiaisonFlow.Domain;

/// <summary>A meeting of a body, whose plenary endorses the LSs drafted at it.</summary>
public sealed record Meeting(
    string Id,
    string Body,
    string? Sector,
    string Title,
    string? Place,
    DateOnly? StartDate,
    DateOnly? EndDate,
    Contact? Chair,
    Contact? Secretariat,
    string? NextMeeting);
