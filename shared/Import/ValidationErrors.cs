namespace LiaisonFlow.Import;

/// <summary>Collects problems per field path ("liaisons[2].addressees[0].deadline") for a problem+json answer.</summary>
public sealed class ValidationErrors
{
    readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    public ValidationErrors With(string field, string message)
    {
        Add(field, message);
        return this;
    }

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
        list.Add(message);
    }

    public IDictionary<string, string[]> ToDictionary() => errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}

public sealed class ImportValidationException(ValidationErrors errors) : Exception("The import file is not valid.")
{
    public IDictionary<string, string[]> Errors { get; } = errors.ToDictionary();
}
