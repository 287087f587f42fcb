namespace PersonalDataPolicy.Consents;

/// <summary>The outcome of recomputing the consent ledger's hash chain.</summary>
public sealed record LedgerVerification(long EventsChecked, long? FirstBrokenSequence, string? Problem)
{
    public bool IsIntact => FirstBrokenSequence is null;
}

/// <summary>Recomputes the chain event by event and stops at the first link that does not hold.</summary>
public static class LedgerVerifier
{
    public static LedgerVerification Verify(IEnumerable<ConsentEvent> eventsInSequenceOrder)
    {
        var expectedPrevious = ConsentEvent.GenesisHash;
        long expectedSequence = 1;
        long checkedCount = 0;
        foreach (var consentEvent in eventsInSequenceOrder)
        {
            var problem =
                consentEvent.Sequence != expectedSequence ? $"expected sequence {expectedSequence}, found {consentEvent.Sequence}"
                : consentEvent.PreviousHash != expectedPrevious ? "the previous-hash link does not match the event before it"
                : consentEvent.Hash != consentEvent.ComputeHash() ? "the event's content does not match its hash"
                : null;
            if (problem is not null)
            {
                return new LedgerVerification(checkedCount, consentEvent.Sequence, problem);
            }

            checkedCount++;
            expectedSequence++;
            expectedPrevious = consentEvent.Hash;
        }

        return new LedgerVerification(checkedCount, null, null);
    }
}
