namespace LiaisonFlow.Hosting;

/// <summary>Settings under "LiaisonFlow" (env: LiaisonFlow__…), the same in the Functions app and the local host.</summary>
public sealed class LiaisonFlowOptions
{
    public const string Section = "LiaisonFlow";

    /// <summary>Base address people reach the API at; TD links in mails are built from it.</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:7071";

    /// <summary>Prefix for table and container names, so several instances can share one storage account.</summary>
    public string StoragePrefix { get; set; } = "";

    /// <summary>Largest document (TD) accepted, in bytes.</summary>
    public long MaxDocumentBytes { get; set; } = 50 * 1024 * 1024;

    /// <summary>How long an LS may await the plenary's decision before the chair is reminded.</summary>
    public TimeSpan ChairReminderAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Counts the app's own Table and Blob requests (GET /api/admin/storage-requests); off by default, as
    /// counting reads each query's answer and each transaction's body once more. The benchmark turns it on.
    /// </summary>
    public bool CountStorageRequests { get; set; }

    public ChaserOptions Chasers { get; set; } = new();
    public MailOptions Mail { get; set; } = new();
    public AuthOptions Auth { get; set; } = new();
    public RecoveryOptions Recovery { get; set; } = new();
    public Inbound.InboundOptions Inbound { get; set; } = new();
}

public sealed class ChaserOptions
{
    /// <summary>
    /// When each group that owes a reply is reminded, relative to its deadline: comma-separated
    /// TimeSpans, negative before. Default: 30 and 7 days before, on the day, 7 days after.
    /// </summary>
    public string Offsets { get; set; } = "-30.00:00:00, -7.00:00:00, 00:00:00, 7.00:00:00";

    /// <summary>How long after a deadline the chair and the secretariat hear which groups are still silent.</summary>
    public TimeSpan EscalationAfter { get; set; } = TimeSpan.FromDays(14);

    public ClockOptions Clock { get; set; } = new();

    public IReadOnlyList<TimeSpan> ParsedOffsets() =>
        [.. Offsets.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(o => TimeSpan.Parse(o, System.Globalization.CultureInfo.InvariantCulture)).Distinct().Order()];
}

/// <summary>
/// The calendar the deadlines live in. In production it is real time. For tests and demos it can run
/// fast: from <see cref="RealStart"/> on, a calendar day passes every <see cref="SecondsPerDay"/> seconds,
/// starting at <see cref="CalendarStart"/> — so "before 12 March 2018" comes round in seconds.
/// </summary>
public sealed class ClockOptions
{
    public DateTimeOffset? CalendarStart { get; set; }
    public DateTimeOffset? RealStart { get; set; }
    public double SecondsPerDay { get; set; } = 86400;
}

public sealed class MailOptions
{
    public string From { get; set; } = "liaisonflow@liaisonflow.example";
    public string FromName { get; set; } = "LiaisonFlow (TSB)";

    /// <summary>When empty, mail goes to the outbox container and the mail log instead of SendGrid.</summary>
    public string? SendGridApiKey { get; set; }

    /// <summary>SendGrid API host; e.g. the EU region, or a local listener in tests.</summary>
    public string? SendGridHost { get; set; }

    /// <summary>
    /// A copy claimed for sending this long ago and not marked sent was cut off by a crash (the provider's
    /// call times out well before): it is sent again, with the same Message-ID.
    /// </summary>
    public TimeSpan InterruptedAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>First wait before trying again when the provider is unavailable; doubles per attempt up to an hour.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class RecoveryOptions
{
    /// <summary>How often the sweep restarts the workflow of LSs left pending (a crash between a change and its nudge).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long an LS may stay pending before the sweep nudges it.</summary>
    public TimeSpan PendingFor { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed class AuthOptions
{
    /// <summary>Local development: bearer key → comma-separated roles. Not used behind App Service authentication.</summary>
    public Dictionary<string, string> ApiKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Trust the X-MS-CLIENT-PRINCIPAL header. Only App Service authentication may set it (it strips a
    /// client's own copy); null means "when WEBSITE_AUTH_ENABLED says App Service authentication is on".
    /// </summary>
    public bool? TrustClientPrincipalHeader { get; set; }
}
