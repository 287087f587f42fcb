using PersonalDataPolicy.Consents;

namespace PersonalDataPolicy.Registers;

/// <summary>On what ground personal data may leave Kazakhstan: only the grounds Law 94-V art. 16 lists.</summary>
public enum TransferBasis
{
    /// <summary>Art. 16 p. 2 (policy §7.1): the receiving state protects personal data (it is on the configured list).</summary>
    AdequateState,

    /// <summary>Art. 16 p. 3 sub-p. 1 (policy §7.2): the person's consent to cross-border transfer is in the ledger.</summary>
    WrittenConsent,

    /// <summary>
    /// Policy §7.2 names "execution of an agreement to which the User is a party", but art. 16 does not: refused since the
    /// gate follows the law (docs/data-protection.md#cross-border). Kept only so that entries recorded before still read.
    /// </summary>
    Contract,

    /// <summary>Art. 16 p. 3 sub-p. 2: provided for by an international treaty ratified by Kazakhstan (named in the reference).</summary>
    RatifiedTreaty,

    /// <summary>Art. 16 p. 3 sub-p. 3: provided for by a law of Kazakhstan, where needed to protect the constitutional order, public order, rights and freedoms, health or morals.</summary>
    LawProtectingPublicInterest,

    /// <summary>Art. 16 p. 3 sub-p. 4: protecting constitutional rights and freedoms where the person's consent cannot be obtained.</summary>
    ProtectingRightsWithoutConsent,
}

public static class TransferBases
{
    /// <summary>The grounds a new transfer may be recorded on.</summary>
    public static readonly IReadOnlyList<TransferBasis> Lawful =
        [TransferBasis.WrittenConsent, TransferBasis.RatifiedTreaty, TransferBasis.LawProtectingPublicInterest, TransferBasis.ProtectingRightsWithoutConsent];

    /// <summary>The article and item of Law 94-V that allow the transfer; stored with every entry.</summary>
    public static string Article(TransferBasis basis) => basis switch
    {
        TransferBasis.AdequateState => "94-V art. 16 p. 2",
        TransferBasis.WrittenConsent => "94-V art. 16 p. 3 sub-p. 1",
        TransferBasis.RatifiedTreaty => "94-V art. 16 p. 3 sub-p. 2",
        TransferBasis.LawProtectingPublicInterest => "94-V art. 16 p. 3 sub-p. 3",
        TransferBasis.ProtectingRightsWithoutConsent => "94-V art. 16 p. 3 sub-p. 4",
        _ => "policy §7.2 (not a ground under art. 16)",
    };

    /// <summary>Grounds that stand only with the treaty, law or circumstance named.</summary>
    public static bool NeedsReference(TransferBasis basis) =>
        basis is TransferBasis.RatifiedTreaty or TransferBasis.LawProtectingPublicInterest or TransferBasis.ProtectingRightsWithoutConsent;
}

/// <summary>Thrown when a transfer has no lawful ground; the record is not made.</summary>
public sealed class CrossBorderTransferRefusedException(string country)
    : InvalidOperationException($"{country} is not a state with adequate protection, and no other ground of Law 94-V art. 16 p. 3 is established.");

/// <summary>
/// One cross-border transfer (policy §7, Law 94-V art. 16). The gate is here, in the domain: a transfer to a state
/// without adequate protection is recorded only on a ground art. 16 p. 3 lists — the person's consent in the ledger,
/// or a named ratified treaty, law or circumstance — and the entry keeps the article it rests on.
/// </summary>
public sealed class CrossBorderTransfer
{
    private CrossBorderTransfer()
    {
        Country = Recipient = StaffUserId = Article = string.Empty;
    }

    private CrossBorderTransfer(string country, string recipient, DataCategories categories, Guid subjectId, TransferBasis basis, string? reference,
        DateOnly transferredOn, string staffUserId, DateTimeOffset recordedAt)
    {
        Article = TransferBases.Article(basis);
        Id = Guid.NewGuid();
        Country = country;
        Recipient = recipient;
        Categories = categories;
        SubjectId = subjectId;
        Basis = basis;
        Reference = reference;
        TransferredOn = transferredOn;
        StaffUserId = staffUserId;
        RecordedAt = recordedAt;
    }

    public Guid Id { get; private set; }

    /// <summary>ISO 3166-1 alpha-2 code of the receiving state.</summary>
    public string Country { get; private set; }
    public string Recipient { get; private set; }
    public DataCategories Categories { get; private set; }
    public Guid SubjectId { get; private set; }
    public TransferBasis Basis { get; private set; }

    /// <summary>The article of Law 94-V the transfer rests on, as it read when recorded.</summary>
    public string Article { get; private set; }

    /// <summary>The treaty, law or circumstance that establishes the ground (for grounds that need one).</summary>
    public string? Reference { get; private set; }
    public DateOnly TransferredOn { get; private set; }
    public string StaffUserId { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }

    /// <param name="claimedBasis">The ground staff claim when the state is not adequate; consent is checked in the ledger, the others need <paramref name="reference"/>.</param>
    public static CrossBorderTransfer Record(string country, string recipient, DataCategories categories, Guid subjectId, IReadOnlyCollection<string> adequateStates,
        ConsentState subjectConsents, TransferBasis? claimedBasis, string? reference, DateOnly transferredOn, string staffUserId, DateTimeOffset recordedAt)
    {
        var code = (country ?? string.Empty).Trim().ToUpperInvariant();
        if (code.Length != 2 || !code.All(char.IsAsciiLetterUpper))
        {
            throw new ArgumentException("The country is an ISO 3166-1 alpha-2 code.", nameof(country));
        }

        if (code == "KZ")
        {
            throw new ArgumentException("A transfer within Kazakhstan is not cross-border.", nameof(country));
        }

        if (categories == DataCategories.None)
        {
            throw new ArgumentException("A transfer names the categories of data transferred.", nameof(categories));
        }

        var named = string.IsNullOrWhiteSpace(reference) ? null : reference.Trim();
        var basis = adequateStates.Contains(code, StringComparer.OrdinalIgnoreCase) ? TransferBasis.AdequateState
            : (claimedBasis is null or TransferBasis.WrittenConsent) && subjectConsents.IsGranted(ConsentPurpose.CrossBorderTransfer) ? TransferBasis.WrittenConsent
            : claimedBasis is { } other && TransferBases.NeedsReference(other) && named is not null ? other
            : throw new CrossBorderTransferRefusedException(code);
        return new CrossBorderTransfer(code, Disclosure.Required(recipient, nameof(recipient)), categories, subjectId, basis,
            TransferBases.NeedsReference(basis) ? named : null, transferredOn, staffUserId, recordedAt);
    }
}
