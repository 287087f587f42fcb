namespace PersonalDataPolicy.Policies;

/// <summary>
/// A numbered version of the policy. Policy §8.2: a version is valid until it is replaced by a new one;
/// replaced versions stay readable because people consented to them.
/// </summary>
public sealed class PolicyVersion
{
    private readonly List<PolicyText> _texts = [];

    private PolicyVersion()
    {
    }

    public PolicyVersion(int number, DateOnly effectiveFrom, IEnumerable<PolicyText> texts)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(number);
        Number = number;
        EffectiveFrom = effectiveFrom;
        State = PolicyVersionState.Draft;
        _texts.AddRange(texts);
        var missing = SiteLanguages.All.Except(_texts.Select(t => t.Language)).ToList();
        if (missing.Count > 0 || _texts.Count != SiteLanguages.All.Count)
        {
            throw new ArgumentException($"A policy version needs exactly one text per site language; missing: {string.Join(", ", missing)}.", nameof(texts));
        }
    }

    public int Id { get; private set; }
    public int Number { get; private set; }
    public DateOnly EffectiveFrom { get; private set; }
    public PolicyVersionState State { get; private set; }
    public DateOnly? SupersededOn { get; private set; }
    public IReadOnlyList<PolicyText> Texts => _texts;

    /// <summary>A draft can be rewritten until it is published; a published text never changes.</summary>
    public void ReviseDraft(DateOnly effectiveFrom, IEnumerable<PolicyText> texts)
    {
        if (State != PolicyVersionState.Draft)
        {
            throw new InvalidOperationException($"Version {Number} is {State}; only a draft can be revised.");
        }

        var replacement = texts.ToList();
        if (replacement.Count != SiteLanguages.All.Count || SiteLanguages.All.Except(replacement.Select(t => t.Language)).Any())
        {
            throw new ArgumentException("A policy version needs exactly one text per site language.", nameof(texts));
        }

        EffectiveFrom = effectiveFrom;
        _texts.Clear();
        _texts.AddRange(replacement);
    }

    /// <summary>
    /// Policy §8.2: the number of the newest non-draft version in effect on <paramref name="day"/> (a day of the fund's
    /// calendar), or null before the first. A replaced version is marked Superseded when its successor is published,
    /// yet stays the one in effect until the successor's effective date.
    /// </summary>
    public static int? InEffectOn(IEnumerable<PolicyVersion> versions, DateOnly day) =>
        versions.Where(v => v.State != PolicyVersionState.Draft && v.EffectiveFrom <= day).Select(v => (int?)v.Number).Max();

    public PolicyText TextIn(string language) =>
        _texts.SingleOrDefault(t => t.Language == language)
        ?? throw new InvalidOperationException($"Policy version {Number} has no text in '{language}'.");

    /// <summary>Publishes this draft and supersedes the version it replaces, as of this version's effective date.</summary>
    public void Publish(PolicyVersion? replaced)
    {
        if (State != PolicyVersionState.Draft)
        {
            throw new InvalidOperationException($"Only a draft can be published; version {Number} is {State}.");
        }

        if (replaced is not null)
        {
            if (replaced.State != PolicyVersionState.Published || replaced.Number >= Number || replaced.EffectiveFrom > EffectiveFrom)
            {
                throw new InvalidOperationException($"Version {Number} cannot replace version {replaced.Number}.");
            }

            replaced.State = PolicyVersionState.Superseded;
            replaced.SupersededOn = EffectiveFrom;
        }

        State = PolicyVersionState.Published;
    }
}
