namespace LiaisonFlow.Domain;

/// <summary>
/// A deadline we could not read. Deliberately loud: a guessed deadline would send reminders on the wrong day.
/// </summary>
public sealed class DeadlineFormatException : FormatException
{
    internal const string Examples =
        "expected e.g. \"before 28 February 2018\", \"before February 2018\", \"by end of March 2018\", " +
        "\"mid-May 2007\", \"2018-03-12\" or \"2018年2月28日前\"";

    public DeadlineFormatException(string text)
        : this(text, Examples)
    {
    }

    /// <param name="detail">Why the text was rejected, appended after the quoted text.</param>
    public DeadlineFormatException(string text, string detail)
        : base($"Unrecognised deadline \"{text}\": {detail}.")
    {
        Text = text;
    }

    /// <summary>For very long text: the message quotes only its start, <see cref="Text"/> still holds all of it.</summary>
    internal DeadlineFormatException(string text, string detail, int quoteAtMost)
        : base($"Unrecognised deadline \"{(text.Length <= quoteAtMost ? text : text[..quoteAtMost] + "…")}\": {detail}.")
    {
        Text = text;
    }

    /// <summary>The deadline text exactly as given.</summary>
    public string Text { get; }
}
