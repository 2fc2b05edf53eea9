using System.Text.Json;
using LiaisonFlow.Api;
using LiaisonFlow.Domain;
using LiaisonFlow.Import;
using LiaisonFlow.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonFlow.Tests.Infrastructure;

/// <summary>Stores the TSAG 2017 meeting and directory, and new LSs, directly (no orchestration started).</summary>
public static class TsagSeed
{
    public static MeetingImportFile File() =>
        JsonSerializer.Deserialize<MeetingImportFile>(System.IO.File.ReadAllText(RepoPaths.TsagData), ApiJson.Options)!;

    public static async Task MeetingAndGroupsAsync(IServiceProvider services)
    {
        var file = File();
        var m = file.Meeting!;
        await services.GetRequiredService<MeetingStore>().UpsertAsync(new Meeting(m.Id!, m.Body!, m.Sector, m.Title!, m.Place, null, null,
            new Contact(m.Chair!.Name!, m.Chair.Email!), new Contact(m.Secretariat!.Name!, m.Secretariat.Email!), m.NextMeeting));
        await services.GetRequiredService<GroupStore>().UpsertAsync(file.Groups!.Select(g =>
            new Group(g.Id!, g.Name!, g.Body!, g.Email, g.Aliases ?? [], g.Members ?? [])));
    }

    public static async Task<LiaisonStatement> DraftAsync(IServiceProvider services, string id, LiaisonState state = LiaisonState.Draft, params (string Group, Purpose Purpose, string Deadline)[] addressees)
    {
        var ls = new LiaisonStatement
        {
            Id = id,
            MeetingId = "tsag-2017-05",
            Title = $"LS {id}",
            SourceBody = "TSAG",
            SourceGroup = "RG-SC",
            Td = TdReference.Parse("TD130R1"),
            State = state,
            CreatedAt = DateTimeOffset.UtcNow,
            Addressees = addressees.Length == 0
                ? [Addressee.Create("itu-t-sg17", Purpose.Action, Deadline.Parse("before 28 February 2030")), Addressee.Create("itu-t-sg16", Purpose.Information, Deadline.None)]
                : [.. addressees.Select(a => Addressee.Create(a.Group, a.Purpose, Deadline.Parse(a.Deadline)))],
        };
        await services.GetRequiredService<LiaisonLedger>().CreateAsync(ls, new HistoryEntry(DateTimeOffset.UtcNow, "seed", LiaisonEvent.Created, "test", "seeded", state));
        return ls;
    }
}
