namespace LiaisonFlow.Domain;

/// <summary>Per-addressee reply tracking; <see cref="NotExpected"/> for information-only addressees.</summary>
public enum ReplyStatus
{
    NotExpected,
    Outstanding,
    Received,
}
