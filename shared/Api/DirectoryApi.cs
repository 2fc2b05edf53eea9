using LiaisonFlow.Domain;
using LiaisonFlow.Storage;
using Microsoft.AspNetCore.Http;

namespace LiaisonFlow.Api;

/// <summary>The groups an LS can be addressed to and the meetings LSs come from, as the pages offer them.</summary>
public sealed class DirectoryApi(Access access, GroupStore groups, MeetingStore meetings)
{
    public async Task<IResult> GroupsAsync(HttpContext http)
    {
        if (access.Require(http, out _, Access.AnyRole) is { } denied) return denied;
        var directory = await groups.GetDirectoryAsync(http.RequestAborted);
        return Results.Json(directory.All.OrderBy(g => g.Name, StringComparer.OrdinalIgnoreCase).Select(g => GroupView.From(g, directory)), ApiJson.Options);
    }

    public async Task<IResult> MeetingsAsync(HttpContext http)
    {
        if (access.Require(http, out _, Access.AnyRole) is { } denied) return denied;
        var list = await meetings.ListAsync(http.RequestAborted);
        return Results.Json(list.Select(m => new MeetingView(m.Id, m.Body, m.Sector, m.Title, m.Place, m.StartDate, m.EndDate)), ApiJson.Options);
    }
}

public sealed record GroupMemberView(string Id, string Name);

/// <summary>A group of the directory; a collective lists the groups it expands to, as an LS addressed to it reaches them.</summary>
public sealed record GroupView(string Id, string Name, string Body, IReadOnlyList<string> Aliases, bool Collective, IReadOnlyList<GroupMemberView> Members)
{
    public static GroupView From(Group g, GroupDirectory directory) =>
        new(g.Id, g.Name, g.Body, g.Aliases, g.IsCollective, g.IsCollective ? Expanded(g, directory) : []);

    /// <summary>The members as the directory expands them; a member it does not know is shown by its name (an LS to the collective is refused naming it).</summary>
    static IReadOnlyList<GroupMemberView> Expanded(Group collective, GroupDirectory directory)
    {
        try
        {
            return [.. directory.Expand(collective.Id).Select(m => new GroupMemberView(m.Id, m.Name))];
        }
        catch (UnknownGroupException)
        {
            return [.. collective.Members.Select(m => directory.Find(m) is { } found ? new GroupMemberView(found.Id, found.Name) : new GroupMemberView(m, m))];
        }
    }
}

public sealed record MeetingView(string Id, string Body, string? Sector, string Title, string? Place, DateOnly? StartDate, DateOnly? EndDate);
