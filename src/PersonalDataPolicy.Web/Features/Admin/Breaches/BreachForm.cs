using PersonalDataPolicy.Breaches;
using PersonalDataPolicy.Registers;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Admin.Breaches;

/// <summary>What the compliance officer types about a breach; times are the fund's local times (Astana).</summary>
public sealed record BreachForm
{
    public DateTime? DiscoveredAt { get; init; }
    public DateTime? OccurredAt { get; init; }
    public List<DataCategories> Categories { get; init; } = [];
    public int? SubjectCount { get; init; }
    public string? Cause { get; init; }
    public string? Consequences { get; init; }
    public string? Measures { get; init; }

    public static readonly DataCategories[] Offered = [DataCategories.Names, DataCategories.Email, DataCategories.Phone];

    /// <summary>The problems, each as (field id, resource key); empty when the form can be recorded.</summary>
    public IReadOnlyList<(string Field, string Key)> Problems(DateTimeOffset now)
    {
        var problems = new List<(string, string)>();
        var discovered = DiscoveredAt is { } d ? Instant(d) : (DateTimeOffset?)null;
        if (discovered is null)
        {
            problems.Add(("breach-discovered", "Breach_Error_DiscoveredRequired"));
        }
        else if (discovered > now)
        {
            problems.Add(("breach-discovered", "Breach_Error_DiscoveredFuture"));
        }

        if (OccurredAt is { } o && discovered is { } found && Instant(o) > found)
        {
            problems.Add(("breach-occurred", "Breach_Error_OccurredAfterDiscovery"));
        }

        if (Categories.Count == 0 || Categories.Any(c => !Offered.Contains(c)))
        {
            problems.Add(("breach-category-Names", "Breach_Error_Categories"));
        }

        if (SubjectCount is not (>= 0 and <= 100_000_000))
        {
            problems.Add(("breach-count", "Breach_Error_Count"));
        }

        foreach (var (field, value, key) in new[] { ("breach-cause", Cause, "Breach_Error_Cause"), ("breach-consequences", Consequences, "Breach_Error_Consequences"), ("breach-measures", Measures, "Breach_Error_Measures") })
        {
            if (string.IsNullOrWhiteSpace(value) || value.Trim().Length > BreachIncident.MaxTextLength)
            {
                problems.Add((field, key));
            }
        }

        return problems;
    }

    public DateTimeOffset DiscoveredInstant => Instant(DiscoveredAt!.Value);

    public DateTimeOffset? OccurredInstant => OccurredAt is { } o ? Instant(o) : null;

    public DataCategories CategoryFlags => Categories.Aggregate(DataCategories.None, (all, c) => all | c);

    /// <summary>A wall-clock time typed by staff is a time in the fund's zone.</summary>
    private static DateTimeOffset Instant(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, SiteDates.FundTimeZone.GetUtcOffset(unspecified)).ToUniversalTime();
    }
}
