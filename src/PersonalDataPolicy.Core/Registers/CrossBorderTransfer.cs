using PersonalDataPolicy.Consents;

namespace PersonalDataPolicy.Registers;

/// <summary>On what ground personal data may leave Kazakhstan (policy §7).</summary>
public enum TransferBasis
{
    /// <summary>§7.1: the receiving state reliably protects personal data (it is on the configured list).</summary>
    AdequateState,

    /// <summary>§7.2: the person's written consent to cross-border transfer is in the ledger.</summary>
    WrittenConsent,

    /// <summary>§7.2: the transfer executes a contract the person is a party to.</summary>
    Contract,
}

/// <summary>Thrown when a transfer has no lawful ground; the record is not made.</summary>
public sealed class CrossBorderTransferRefusedException(string country)
    : InvalidOperationException($"{country} is not a state with adequate protection, and neither written consent nor a contract is on file.");

/// <summary>
/// One cross-border transfer (policy §7). The gate is here, in the domain: a transfer to a state without adequate
/// protection can only be recorded when the person's written consent or a contract with them is on file.
/// </summary>
public sealed class CrossBorderTransfer
{
    private CrossBorderTransfer()
    {
        Country = Recipient = StaffUserId = string.Empty;
    }

    private CrossBorderTransfer(string country, string recipient, DataCategories categories, Guid subjectId, TransferBasis basis, string? contractReference,
        DateOnly transferredOn, string staffUserId, DateTimeOffset recordedAt)
    {
        Id = Guid.NewGuid();
        Country = country;
        Recipient = recipient;
        Categories = categories;
        SubjectId = subjectId;
        Basis = basis;
        ContractReference = contractReference;
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
    public string? ContractReference { get; private set; }
    public DateOnly TransferredOn { get; private set; }
    public string StaffUserId { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }

    public static CrossBorderTransfer Record(string country, string recipient, DataCategories categories, Guid subjectId, IReadOnlyCollection<string> adequateStates,
        ConsentState subjectConsents, string? contractReference, DateOnly transferredOn, string staffUserId, DateTimeOffset recordedAt)
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

        var basis = adequateStates.Contains(code, StringComparer.OrdinalIgnoreCase) ? TransferBasis.AdequateState
            : subjectConsents.IsGranted(ConsentPurpose.CrossBorderTransfer) ? TransferBasis.WrittenConsent
            : !string.IsNullOrWhiteSpace(contractReference) ? TransferBasis.Contract
            : throw new CrossBorderTransferRefusedException(code);
        return new CrossBorderTransfer(code, Disclosure.Required(recipient, nameof(recipient)), categories, subjectId, basis,
            basis == TransferBasis.Contract ? contractReference!.Trim() : null, transferredOn, staffUserId, recordedAt);
    }
}
