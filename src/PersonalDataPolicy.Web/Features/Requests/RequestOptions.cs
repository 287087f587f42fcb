using Microsoft.Extensions.Options;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Retention;

namespace PersonalDataPolicy.Web.Features.Requests;

/// <summary>
/// The "Requests" configuration section: legal terms per request type, the working-day calendar and how long
/// data is kept after a withdrawal of consent. Defaults and their legal sources: docs/data-protection.md.
/// </summary>
public sealed class RequestOptions
{
    public const string SectionName = "Requests";

    public Dictionary<RequestType, DeadlineTerm> Deadlines { get; set; } = new()
    {
        [RequestType.Access] = new(3, DayKind.Working),
        [RequestType.Update] = new(1, DayKind.Working),
        [RequestType.OptOut] = new(15, DayKind.Working),
        [RequestType.Withdraw] = new(15, DayKind.Working),
        [RequestType.Block] = new(1, DayKind.Working),
        [RequestType.Destroy] = new(1, DayKind.Working),
    };

    /// <summary>
    /// Working days before a request's due date at which its assignee (or, while nobody has taken it, the compliance
    /// officers) is reminded; each threshold once per request. An array, so configuration replaces the default.
    /// </summary>
    public int[] WarnWorkingDaysBefore { get; set; } = [2];

    /// <summary>The fund's time zone: a day ends at midnight in Kazakhstan, not in UTC.</summary>
    public string TimeZone { get; set; } = "Asia/Almaty";

    /// <summary>Kurban Ait (first day; not moved off a weekend) and the government's decreed days off, by date.</summary>
    public List<DateOnly> ExtraDaysOff { get; set; } =
    [
        new(2025, 6, 6), new(2026, 5, 27), new(2027, 5, 16),
    ];

    /// <summary>Saturdays or Sundays the government made working days when it moved a day off.</summary>
    public List<DateOnly> ExtraWorkingDays { get; set; } = [];

    /// <summary>Working days between a withdrawal of consent (which blocks at once) and destruction.</summary>
    public int DestroyAfterWithdrawalWorkingDays { get; set; } = 1;

    /// <summary>
    /// Law 94-V art. 8 p. 2, art. 12 p. 2: data a law requires to be kept after a withdrawal, with that law. Empty by
    /// default: consent is then the only basis and everything goes after the delay above. The fund's lawyers add lines
    /// (e.g. the archival term for appeals) — docs/data-protection.md#retention.
    /// </summary>
    public List<RetentionRuleSetting> RetentionAfterWithdrawal { get; set; } = [];

    public IEnumerable<RetentionRule> RetentionRules => RetentionAfterWithdrawal.Select(r => new RetentionRule(r.Category, r.KeepFor, r.From, r.LegalReference));

    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Why the section does not hold, or null.</summary>
    public string? Problem()
    {
        var missing = Enum.GetValues<RequestType>().Where(t => !Deadlines.ContainsKey(t)).ToList();
        if (missing.Count > 0)
        {
            return $"Requests:Deadlines has no term for {string.Join(", ", missing)}.";
        }

        return WarnWorkingDaysBefore.Any(d => d is < 1 or > 15) || WarnWorkingDaysBefore.Distinct().Count() != WarnWorkingDaysBefore.Length
            ? "Requests:WarnWorkingDaysBefore must hold distinct numbers of working days from 1 to 15."
            : null;
    }

    /// <summary>Checked at start (ValidateOnStart), naming what is wrong.</summary>
    public sealed class Validator : IValidateOptions<RequestOptions>
    {
        public ValidateOptionsResult Validate(string? name, RequestOptions options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem + " See docs/data-protection.md#deadlines.") : ValidateOptionsResult.Success;
    }
}

/// <summary>One configured line of the retention schedule.</summary>
public sealed class RetentionRuleSetting
{
    public DataCategory Category { get; set; }

    public TimeSpan KeepFor { get; set; }

    public RetentionStart From { get; set; }

    /// <summary>The law, article and item that require keeping the data; shown to the person as is.</summary>
    public string LegalReference { get; set; } = string.Empty;
}
