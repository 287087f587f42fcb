namespace PersonalDataPolicy.Consents;

/// <summary>Where one purpose stands for a person, as a receipt or a page shows it.</summary>
public enum ConsentStatus
{
    NotGiven,
    Requested,
    Granted,
    Withdrawn,
}

/// <summary>The current state of a person's consents, derived from their ledger events (never stored twice).</summary>
public sealed class ConsentState
{
    private readonly Dictionary<ConsentPurpose, ConsentEvent> _latest;

    private ConsentState(Dictionary<ConsentPurpose, ConsentEvent> latest) => _latest = latest;

    public static ConsentState From(IEnumerable<ConsentEvent> events) =>
        new(events.GroupBy(e => e.Purpose).ToDictionary(g => g.Key, g => g.MaxBy(e => e.Sequence)!));

    public bool IsGranted(ConsentPurpose purpose) => StatusOf(purpose) == ConsentStatus.Granted;

    public ConsentStatus StatusOf(ConsentPurpose purpose) => Status(Latest(purpose));

    public ConsentEvent? Latest(ConsentPurpose purpose) => _latest.GetValueOrDefault(purpose);

    public static ConsentStatus Status(ConsentEvent? latest) => latest?.Action switch
    {
        ConsentAction.Granted => ConsentStatus.Granted,
        ConsentAction.Withdrawn => ConsentStatus.Withdrawn,
        ConsentAction.Requested => ConsentStatus.Requested,
        _ => ConsentStatus.NotGiven,
    };
}
