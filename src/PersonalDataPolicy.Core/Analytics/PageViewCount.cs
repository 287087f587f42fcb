namespace PersonalDataPolicy.Analytics;

/// <summary>
/// Policy §4.3, §5.2: anonymous statistics — how many times a page was seen on a day, in a language, with or
/// without the low-vision mode. Counts only: no address, no identifier, nothing that links two visits.
/// </summary>
public sealed class PageViewCount
{
    private PageViewCount()
    {
        Page = Language = string.Empty;
    }

    public PageViewCount(DateOnly day, string page, string language, bool lowVision)
    {
        Day = day;
        Page = page;
        Language = language;
        LowVision = lowVision;
    }

    public int Id { get; private set; }
    public DateOnly Day { get; private set; }
    public string Page { get; private set; }
    public string Language { get; private set; }
    public bool LowVision { get; private set; }
    public int Count { get; private set; }
}

/// <summary>How many visitors accepted or refused the statistics cookie on a day: the choice is recorded, never the chooser.</summary>
public sealed class AnalyticsChoiceCount
{
    private AnalyticsChoiceCount()
    {
    }

    public AnalyticsChoiceCount(DateOnly day, bool accepted)
    {
        Day = day;
        Accepted = accepted;
    }

    public int Id { get; private set; }
    public DateOnly Day { get; private set; }
    public bool Accepted { get; private set; }
    public int Count { get; private set; }
}
