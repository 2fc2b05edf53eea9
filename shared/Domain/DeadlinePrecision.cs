namespace LiaisonFlow.Domain;

/// <summary>How exactly the written deadline pins the date, so reminders can say "about" when it is vague.</summary>
public enum DeadlinePrecision
{
    /// <summary>A calendar day was written ("before 28 February 2018").</summary>
    Day,
    /// <summary>Only a month was written ("before February 2018", "end of March 2018"); the date is that month boundary.</summary>
    Month,
    /// <summary>A part of a month was written ("mid-May 2007", "early March 2018"); the date is a documented stand-in.</summary>
    Approximate,
}
