namespace LiaisonFlow.Api;

/// <summary>The people who use LiaisonFlow. The secretariat (TSB) may do everything.</summary>
public enum Role { Rapporteur, Chair, Secretariat }

public sealed record Caller(string Name, IReadOnlySet<Role> Roles)
{
    public static readonly Caller Anonymous = new("anonymous", new HashSet<Role>());

    public bool IsAny(IEnumerable<Role> allowed) => Roles.Contains(Role.Secretariat) || allowed.Any(Roles.Contains);
}
