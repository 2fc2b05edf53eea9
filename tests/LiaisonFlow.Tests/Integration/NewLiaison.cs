namespace LiaisonFlow.Tests.Integration;

/// <summary>A fresh LS as a rapporteur would post it at the TSAG 2017 meeting, with deadlines still ahead so only dispatch mails go out.</summary>
static class NewLiaison
{
    public static object Draft(string id) => new
    {
        id,
        meetingId = "tsag-2017-05",
        title = "LS on the use of open source in ITU-T Recommendations",
        subject = "Asks the study groups how they reference open-source code.",
        sourceGroup = "RG-SC",
        td = "TD130R1",
        contact = new { name = "Glenn Parsons", email = "rg-sc.rapporteur@liaisonflow.example" },
        addressees = new object[]
        {
            new { group = "ITU-T SG17", purpose = "for action", deadline = "before 28 February 2030" },
            new { group = "Study Group 16", purpose = "comment", deadline = "2030年3月12日之前" },
            new { group = "itu-d-sgs", purpose = "information", deadline = "none" },
        },
    };

    /// <summary>The groups the draft reaches, collectives expanded.</summary>
    public static readonly string[] Groups = ["itu-d-sg1", "itu-d-sg2", "itu-t-sg16", "itu-t-sg17"];
}
