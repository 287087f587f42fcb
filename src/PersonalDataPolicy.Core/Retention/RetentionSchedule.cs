namespace PersonalDataPolicy.Retention;

/// <summary>A kind of personal data the fund may have to keep after the consent that brought it in is withdrawn.</summary>
public enum DataCategory
{
    /// <summary>Last name, first name, patronymic, e-mail, phone on the person's record.</summary>
    ContactDetails,

    /// <summary>Appeals as sent, with the contact details typed into them, and the fund's answers.</summary>
    Appeals,
}

/// <summary>Where a retention period is counted from.</summary>
public enum RetentionStart
{
    Withdrawal,
    LastAppeal,
}

/// <summary>One line of the retention schedule: a law that requires a category to be kept, and for how long.</summary>
public sealed record RetentionRule(DataCategory Category, TimeSpan KeepFor, RetentionStart From, string LegalReference);

/// <summary>What will be kept, why, and until when: told to the person when they withdraw.</summary>
public sealed record RetentionHold(DataCategory Category, string LegalReference, DateTimeOffset Until);

/// <summary>The data kept after a withdrawal and the day they are destroyed.</summary>
public sealed record RetentionPlan(DateTimeOffset DestroyAt, IReadOnlyList<RetentionHold> Holds);

/// <summary>
/// Law 94-V art. 8 p. 2 and p. 7, art. 12 p. 2: after a withdrawal the fund stops processing, and keeps data only
/// while a law requires them to be kept. Everything is destroyed together when the last such basis ends, and never
/// before the configured short delay that lets the withdrawal's own confirmation mail go out.
/// </summary>
public static class RetentionSchedule
{
    /// <param name="earliest">The end of the short delay after the withdrawal (working days, the fund's time zone).</param>
    /// <param name="lastAppealAt">The newest appeal of the person, or null if they sent none.</param>
    public static RetentionPlan Plan(IEnumerable<RetentionRule> rules, DateTimeOffset withdrawnAt, DateTimeOffset earliest, DateTimeOffset? lastAppealAt)
    {
        var holds = new List<RetentionHold>();
        foreach (var rule in rules)
        {
            // A rule about appeals binds only a person who sent one.
            if (rule.Category == DataCategory.Appeals && lastAppealAt is null)
            {
                continue;
            }

            var start = rule.From == RetentionStart.LastAppeal ? lastAppealAt ?? withdrawnAt : withdrawnAt;
            if (start + rule.KeepFor > earliest)
            {
                holds.Add(new RetentionHold(rule.Category, rule.LegalReference, start + rule.KeepFor));
            }
        }

        var destroyAt = holds.Select(h => h.Until).Append(earliest).Max();
        return new RetentionPlan(destroyAt, holds.OrderBy(h => h.Until).ToList());
    }
}
