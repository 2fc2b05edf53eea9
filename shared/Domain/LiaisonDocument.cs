namespace LiaisonFlow.Domain;

/// <summary>A file stored for an LS (its TD, annexes), addressed by file name within the LS.</summary>
public sealed record LiaisonDocument(string FileName, long Length, string ContentType, string Sha256, DateTimeOffset UploadedAt, string UploadedBy);
