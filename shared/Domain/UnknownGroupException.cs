namespace LiaisonFlow.Domain;

/// <summary>A group name we cannot resolve. Raised instead of guessing so an LS is never sent to the wrong group.</summary>
public sealed class UnknownGroupException : Exception
{
    public UnknownGroupException(string text)
        : base($"Unknown group \"{text}\".")
    {
        Text = text;
    }

    /// <param name="detail">Extra context, e.g. which collective listed the unknown member.</param>
    public UnknownGroupException(string text, string detail)
        : base($"Unknown group \"{text}\": {detail}.")
    {
        Text = text;
    }

    /// <summary>The name or id exactly as given.</summary>
    public string Text { get; }
}
