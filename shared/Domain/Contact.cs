namespace LiaisonFlow.Domain;

/// <summary>A person to write to about a liaison statement (rapporteur, TSB adviser, group secretariat).</summary>
public sealed record Contact(string Name, string Email);
