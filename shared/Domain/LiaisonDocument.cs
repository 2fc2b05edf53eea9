namespace LiaisonFlow.Domain;

/// <summary>A file stored for an LS (its TD, annexes, a reply's document), addressed by file name within the LS.</summary>
/// <param name="BlobName">Where its bytes are; null for rows written before uploads were stored under their hash.</param>
public sealed record LiaisonDocument(string FileName, long Length, string ContentType, string Sha256, DateTimeOffset UploadedAt, string UploadedBy, string? BlobName = null);
