namespace PersonalDataPolicy.Consents;

/// <summary>The stored consent ledger, read once in sequence order by one thread.</summary>
public interface IStoredLedger
{
    /// <summary>Appends the next events until the chunk is full or the ledger ends.</summary>
    void ReadInto(LedgerChunk chunk);
}
