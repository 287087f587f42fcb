namespace PersonalDataPolicy.Consents;

/// <summary>
/// One row of the consent ledger as a database reader hands it to the verifier: numbers and identifiers as values, text
/// as the stored UTF-8 bytes, so that a million rows are checked without building a <see cref="ConsentEvent"/> or a string
/// for each.
/// </summary>
public readonly ref struct StoredConsentEvent
{
    public Guid Id { get; init; }

    public long Sequence { get; init; }

    public Guid SubjectId { get; init; }

    public ReadOnlySpan<byte> Purpose { get; init; }

    public ReadOnlySpan<byte> Action { get; init; }

    public int PolicyVersion { get; init; }

    public ReadOnlySpan<byte> PolicyTextSha256 { get; init; }

    public ReadOnlySpan<byte> Language { get; init; }

    public ReadOnlySpan<byte> Channel { get; init; }

    public long OccurredAtUnixMilliseconds { get; init; }

    /// <summary>As stored; hashed in Unicode normalization form C, as <see cref="ConsentEvent"/> hashes it.</summary>
    public ReadOnlySpan<byte> Wording { get; init; }

    /// <summary>Empty when none.</summary>
    public ReadOnlySpan<byte> ReceiptId { get; init; }

    /// <summary>Null (no evidence line in the hashed text) differs from empty.</summary>
    public bool HasEvidence { get; init; }

    public ReadOnlySpan<byte> Evidence { get; init; }

    public ReadOnlySpan<byte> PreviousHash { get; init; }

    public ReadOnlySpan<byte> Hash { get; init; }
}
