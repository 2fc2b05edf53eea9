namespace LiaisonFlow.Domain;

/// <summary>
/// The known groups, looked up by id or by any spelling, and expansion of collectives ("ITU-T SGs") into the
/// groups an LS is actually sent to.
/// </summary>
public sealed class GroupDirectory
{
    private readonly List<Group> _all;
    private readonly Dictionary<string, Group> _byId = new(StringComparer.OrdinalIgnoreCase);

    // Folded name/alias → group; null marks a spelling shared by two groups, which must not resolve to either.
    private readonly Dictionary<string, Group?> _byName = new(StringComparer.Ordinal);

    /// <exception cref="ArgumentException">Two groups share an id.</exception>
    public GroupDirectory(IEnumerable<Group> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        _all = groups.ToList();
        foreach (var group in _all)
        {
            ArgumentNullException.ThrowIfNull(group, nameof(groups));
            if (!_byId.TryAdd(group.Id.Trim(), group))
            {
                throw new ArgumentException($"Duplicate group id \"{group.Id}\".", nameof(groups));
            }
        }
        foreach (var group in _all)
        {
            foreach (var name in group.Aliases.Prepend(group.Name))
            {
                if (string.IsNullOrWhiteSpace(name))
                {
                    continue;
                }
                var key = NameKey(name);
                if (!_byName.TryGetValue(key, out var existing))
                {
                    _byName[key] = group;
                }
                else if (existing is not null && !ReferenceEquals(existing, group))
                {
                    _byName[key] = null;
                }
            }
        }
    }

    /// <summary>Every group, in the order given to the constructor.</summary>
    public IReadOnlyCollection<Group> All => _all;

    /// <summary>By id, then by <see cref="GroupNames.Normalize"/>, then by a case-insensitive name or alias; null if none (or ambiguous).</summary>
    public Group? Find(string? nameOrId)
    {
        if (string.IsNullOrWhiteSpace(nameOrId))
        {
            return null;
        }
        if (_byId.TryGetValue(nameOrId.Trim(), out var byId))
        {
            return byId;
        }
        if (GroupNames.Normalize(nameOrId) is { } id && _byId.TryGetValue(id, out var byRule))
        {
            return byRule;
        }
        return _byName.TryGetValue(NameKey(nameOrId), out var byName) ? byName : null;
    }

    /// <exception cref="UnknownGroupException">No group matches; the message names the text.</exception>
    public Group Resolve(string nameOrId) =>
        Find(nameOrId) ?? throw new UnknownGroupException(nameOrId ?? string.Empty);

    /// <summary>
    /// The groups an LS addressed to <paramref name="nameOrId"/> reaches: a collective's members, recursively,
    /// each once, in member order; a single group is itself.
    /// </summary>
    /// <exception cref="UnknownGroupException">The name, or a member of a collective, is unknown.</exception>
    public IReadOnlyList<Group> Expand(string nameOrId)
    {
        var result = new List<Group>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var expanding = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        ExpandInto(Resolve(nameOrId), result, seen, expanding);
        return result;
    }

    private void ExpandInto(Group group, List<Group> result, HashSet<string> seen, HashSet<string> expanding)
    {
        if (!group.IsCollective)
        {
            if (seen.Add(group.Id))
            {
                result.Add(group);
            }
            return;
        }
        // A collective that (indirectly) contains itself adds nothing new; stop instead of recursing forever.
        if (!expanding.Add(group.Id))
        {
            return;
        }
        foreach (var member in group.Members)
        {
            var resolved = Find(member)
                ?? throw new UnknownGroupException(member, $"listed as a member of \"{group.Id}\"");
            ExpandInto(resolved, result, seen, expanding);
        }
        expanding.Remove(group.Id);
    }

    private static string NameKey(string name) => DomainText.Fold(name).TrimEnd('.');
}
