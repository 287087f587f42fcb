namespace PersonalDataPolicy.Consents;

/// <summary>The current state of a person's consents, derived from their ledger events (never stored twice).</summary>
public sealed class ConsentState
{
    private readonly Dictionary<ConsentPurpose, ConsentEvent> _latest;

    private ConsentState(Dictionary<ConsentPurpose, ConsentEvent> latest) => _latest = latest;

    public static ConsentState From(IEnumerable<ConsentEvent> events) =>
        new(events.GroupBy(e => e.Purpose).ToDictionary(g => g.Key, g => g.MaxBy(e => e.Sequence)!));

    public bool IsGranted(ConsentPurpose purpose) =>
        _latest.TryGetValue(purpose, out var latest) && latest.Action == ConsentAction.Granted;

    public ConsentEvent? Latest(ConsentPurpose purpose) => _latest.GetValueOrDefault(purpose);
}
