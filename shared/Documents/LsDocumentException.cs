namespace LiaisonFlow.Documents;

/// <summary>Why an uploaded document could not be read as an LS.</summary>
public enum LsDocumentProblem
{
    /// <summary>Not a .docx at all: not a zip, or no Word main document in it.</summary>
    NotADocx,

    /// <summary>A .docx whose parts are broken (malformed XML, a part that cannot be opened).</summary>
    Unreadable,

    /// <summary>A .docx that unpacks to more than the reader reads (a zip bomb, or a document far larger than any LS).</summary>
    TooLarge,

    /// <summary>A readable .docx without the LS template's marks.</summary>
    NotAnLs,
}

/// <summary>A document that cannot be read as an LS; the message says why, for the person who uploaded it.</summary>
public sealed class LsDocumentException(LsDocumentProblem problem, string message, Exception? inner = null) : Exception(message, inner)
{
    public LsDocumentProblem Problem { get; } = problem;
}
