// TEMPORARY: replaced by the domain branch.
namespace LiaisonFlow.Domain;
public enum Purpose { Action, Comment, Information }
public static class Purposes {
    public static Purpose Parse(string text) => Enum.Parse<Purpose>(text.Replace("for ", "", StringComparison.OrdinalIgnoreCase).Trim(), true);
    public static bool TryParse(string? text, out Purpose purpose) { purpose = default; try { purpose = Parse(text!); return true; } catch { return false; } }
    public static bool ExpectsReply(this Purpose p) => p != Purpose.Information;
}
public enum LiaisonState { Draft, AwaitingEndorsement, Endorsed, Dispatched, AwaitingReplies, Closed, Held, Rejected, Withdrawn }
public enum ReplyStatus { NotExpected, Outstanding, Received }
public enum DeadlinePrecision { Day, Month, Approximate }
public sealed class DeadlineFormatException(string text) : FormatException($"Unrecognised deadline \"{text}\".") { public string Text { get; } = text; }
public sealed record Deadline(string Raw, DateOnly? Date, DeadlinePrecision? Precision)
{
    public const string TimeZoneId = "Europe/Zurich";
    public static Deadline None { get; } = new("", null, null);
    public bool IsNone => Date is null;
    public DateTimeOffset? DueUtc => Date is null ? null : new DateTimeOffset(Date.Value.ToDateTime(TimeOnly.MinValue).AddDays(1).AddHours(-1), TimeSpan.Zero);
    public static Deadline Parse(string? raw) => string.IsNullOrWhiteSpace(raw) || raw == "none" ? None with { Raw = raw ?? "" } : new Deadline(raw, DateOnly.FromDateTime(DateTime.Parse(raw.Replace("before ", ""), System.Globalization.CultureInfo.InvariantCulture)), DeadlinePrecision.Day);
    public static bool TryParse(string? raw, out Deadline deadline, out string? error) { try { deadline = Parse(raw); error = null; return true; } catch (Exception e) { deadline = None; error = e.Message; return false; } }
    public static Deadline OnDay(DateOnly date) => new(date.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture), date, DeadlinePrecision.Day);
}
public sealed record LsNumber(string Body, int Sequence)
{
    public string Prefix => Body + "-LS";
    public override string ToString() => Prefix + Sequence;
    public static LsNumber Parse(string text) { var i = text.IndexOf("-LS", StringComparison.OrdinalIgnoreCase); return new(text[..i].ToUpperInvariant(), int.Parse(text[(i + 3)..])); }
    public static bool TryParse(string? text, out LsNumber? number) { number = null; try { number = Parse(text!); return true; } catch { return false; } }
    public static bool IsPlaceholder(string? text) => string.IsNullOrWhiteSpace(text) || text.EndsWith("xxx", StringComparison.OrdinalIgnoreCase);
}
public sealed record TdReference(int Number, int? Revision, string? Part)
{
    public override string ToString() => $"TD{Number}" + (Revision is { } r ? $"R{r}" : "") + (Part is null ? "" : " " + Part);
    public string Display => ToString();
    public static TdReference Parse(string text) { var m = System.Text.RegularExpressions.Regex.Match(text, @"TD\s*(\d+)(?:R(\d+))?", System.Text.RegularExpressions.RegexOptions.IgnoreCase); if (!m.Success) throw new FormatException(text); return new(int.Parse(m.Groups[1].Value), m.Groups[2].Success ? int.Parse(m.Groups[2].Value) : null, null); }
    public static bool TryParse(string? text, out TdReference? td) { td = null; try { td = Parse(text!); return true; } catch { return false; } }
    public bool IsSameDocument(TdReference other) => Number == other.Number && Part == other.Part;
}
public sealed record Contact(string Name, string Email);
public sealed record Group(string Id, string Name, string Body, string? Email, IReadOnlyList<string> Aliases, IReadOnlyList<string> Members)
{
    public bool IsCollective => Members.Count > 0;
}
public sealed class UnknownGroupException(string text) : Exception($"Unknown group \"{text}\".") { public string Text { get; } = text; }
public static class GroupNames { public static string? Normalize(string? text) => text?.Trim().ToLowerInvariant().Replace(' ', '-'); }
public sealed class GroupDirectory
{
    readonly Dictionary<string, Group> byId;
    public GroupDirectory(IEnumerable<Group> groups) => byId = groups.ToDictionary(g => g.Id);
    public IReadOnlyCollection<Group> All => byId.Values;
    public Group? Find(string? nameOrId) => nameOrId is null ? null : byId.GetValueOrDefault(nameOrId) ?? byId.Values.FirstOrDefault(g => g.Aliases.Contains(nameOrId, StringComparer.OrdinalIgnoreCase));
    public Group Resolve(string nameOrId) => Find(nameOrId) ?? throw new UnknownGroupException(nameOrId);
    public IReadOnlyList<Group> Expand(string nameOrId) { var g = Resolve(nameOrId); return g.IsCollective ? g.Members.SelectMany(Expand).Distinct().ToList() : [g]; }
}
