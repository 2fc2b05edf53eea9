using LiaisonFlow.Domain;
using Xunit;

namespace LiaisonFlow.Tests.Domain;

/// <summary>The sentence a page shows while a deadline is typed says which day it was read as, and how sure that is.</summary>
public class DeadlineReadsTests
{
    [Theory]
    [InlineData("before 28 February 2018", "due Wed 28 Feb 2018, end of day Geneva")]
    [InlineData("2018年2月28日前", "due Wed 28 Feb 2018, end of day Geneva")]
    [InlineData("before February 2018", "due Wed 31 Jan 2018, end of day Geneva (the end of a month)")]
    [InlineData("mid-May 2007", "due about Tue 15 May 2007, end of day Geneva")]
    [InlineData("none", "no deadline: nobody is chased")]
    [InlineData("", "no deadline: nobody is chased")]
    public void A_deadline_reads_as_the_day_it_is_due(string text, string reads) =>
        Assert.Equal(reads, Deadline.Parse(text).Reads());
}
