namespace LiaisonFlow.Domain;

/// <summary>Why an addressee receives a liaison statement; decides whether a reply is owed.</summary>
public enum Purpose
{
    Action,
    Comment,
    Information,
}
