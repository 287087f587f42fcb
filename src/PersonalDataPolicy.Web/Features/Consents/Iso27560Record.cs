using Microsoft.Extensions.Localization;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Web.Features.Operator;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Consents;

/// <summary>
/// The receipt as an ISO/IEC TS 27560:2023 consent record, with the field names the W3C DPV guide "Consent Records and
/// Receipts as per ISO/IEC TS 27560:2023 using DPV" gives (serialised in snake_case), in the language of the URL.
/// States are DPV consent statuses; "requested" stays ConsentRequested until the mailbox confirms it. Mapping and the
/// names the guide does not spell out: docs/data-protection.md, "Receipts: Kantara v1.1 and ISO/IEC TS 27560".
/// </summary>
public sealed record Iso27560Record(
    string SchemaVersion,
    string ConformsTo,
    string RecordId,
    string ReceiptId,
    DateTimeOffset Created,
    string Language,
    string PiiPrincipalId,
    Iso27560Notice PrivacyNotice,
    string Jurisdiction,
    string ApplicableLaw,
    string CollectionMethod,
    IReadOnlyList<Iso27560Party> PiiControllers,
    IReadOnlyList<Iso27560Purpose> Purposes)
{
    public const string Standard = "ISO/IEC TS 27560:2023";

    public static Iso27560Record From(ReceiptViewModel model, string language, PublicLinks links, IStringLocalizer t)
    {
        var receipt = model.Receipt;
        using var scope = new CultureScope(language);
        var fund = model.Operator;
        var controller = new Iso27560Party(
            fund.Name.In(language),
            fund.Bin!,
            PartyIdType: "BIN",
            PartyRole: "dpv:DataController",
            PartyType: "dpv:LegalEntity",
            fund.Address.In(language),
            new Iso27560Contact(fund.ResponsiblePerson.Position.In(language), fund.ResponsiblePerson.Email!, fund.ResponsiblePerson.Phone!),
            fund.Email!,
            fund.Phone!,
            fund.Site!);
        var myData = links.Action("Start", "MyData", new { culture = language });
        var rights = new List<Iso27560Right>
        {
            new(t["RequestType_Access"], myData),
            new(t["RequestType_Update"], Mailto(model.RequestsAddress, model.MarkedSubjects.UpdatePersonalData)),
            new(t["RequestType_OptOut"], Mailto(model.RequestsAddress, model.MarkedSubjects.OptOutOfMarketing)),
            new(t["RequestType_Withdraw"], Mailto(model.RequestsAddress, model.MarkedSubjects.WithdrawConsent)),
        };

        return new Iso27560Record(
            Standard,
            "https://w3id.org/dpv/schema/dpv-27560#record",
            links.Action("Iso27560", "Receipts", new { culture = language, id = receipt.Id }),
            receipt.Id,
            receipt.IssuedAt,
            language,
            model.MaskedEmail ?? t[model.NoPersonKey],
            new Iso27560Notice(
                links.Action("Version", "Policy", new { culture = receipt.Language, number = receipt.PolicyVersion }),
                receipt.PolicyVersion,
                receipt.PolicyTextSha256,
                receipt.Language),
            "KZ",
            t["Receipt_JurisdictionKz"],
            t[$"ConsentChannel_{receipt.Channel}"],
            [controller],
            model.Purposes.Select(purpose => Purpose(purpose, model, myData, rights, t)).ToList());
    }

    private static Iso27560Purpose Purpose(ReceiptPurpose purpose, ReceiptViewModel model, string myData, IReadOnlyList<Iso27560Right> rights, IStringLocalizer t)
    {
        var marketing = purpose.Purpose == ConsentPurpose.MarketingNotifications;
        var subject = marketing ? model.MarkedSubjects.OptOutOfMarketing : model.MarkedSubjects.WithdrawConsent;
        var duration = new Iso27560Duration("dpv:UntilEventDuration", model.Term(t, purpose.Purpose));
        var asked = purpose.OnThisReceipt;
        return new Iso27560Purpose(
            purpose.Purpose.ToString(),
            t[$"Receipt_Why{purpose.Purpose}"],
            marketing ? "dpv:DirectMarketing" : "dpv:CommunicationForCustomerCare",
            LawfulBasis: "dpv:Consent",
            [
                new("pd:Name", t["Receipt_PiiName"], PiiOptional: false),
                new("pd:EmailAddress", t["Appeal_Email"], PiiOptional: false),
                new("pd:TelephoneNumber", t["Appeal_Phone"], PiiOptional: false),
            ],
            StorageLocations: ["KZ"],
            RetentionPeriod: duration.Description,
            ProcessingLocations: ["KZ"],
            GeographicRestrictions: t["Receipt_CrossBorderNone"],
            CrossBorderTransfer: false,
            RecipientThirdParties: [],
            ThirdPartyDisclosure: t["Receipt_ThirdPartiesNone"],
            PublicationInPublicSources: false,
            new Iso27560Withdrawal(t[marketing ? "Contacts_OptOut" : "Contacts_Withdraw"].Value.TrimEnd(':'), myData, model.RequestsAddress, subject, Mailto(model.RequestsAddress, subject)),
            rights,
            duration,
            EventState(purpose.Status),
            purpose.StatusName,
            t[$"Receipt_State{purpose.Status}"],
            asked?.Wording,
            asked?.Language,
            purpose.Events.Select(e => Event(e, model, duration, t)).ToList());
    }

    private static Iso27560Event Event(ConsentEvent e, ReceiptViewModel model, Iso27560Duration duration, IStringLocalizer t)
    {
        var proof = ConsentProof.Of(e, model.Receipt.Id);
        return new Iso27560Event(
            e.OccurredAt,
            EventType: "dpv:ExplicitlyExpressedConsent",
            EventState(ConsentState.Status(e)),
            EntityId: proof.Kind == EvidenceKind.Staff ? "dpv:DataController" : "dpv:DataSubject",
            duration,
            e.Channel.ToString(),
            e.Evidence,
            proof.Describe(t, e, model.RequestsAddress),
            e.PolicyVersion,
            e.PolicyTextSha256,
            e.Language,
            e.Wording,
            e.Sequence,
            e.Hash);
    }

    /// <summary>
    /// DPV consent statuses. "Not given" means the form offered the box and it was left unticked, with no ledger event;
    /// DPV has no such status, and ConsentRefused is the nearest (like every status but "given", invalid for processing).
    /// </summary>
    private static string EventState(ConsentStatus status) => status switch
    {
        ConsentStatus.Granted => "dpv:ConsentGiven",
        ConsentStatus.Requested => "dpv:ConsentRequested",
        ConsentStatus.Withdrawn => "dpv:ConsentWithdrawn",
        _ => "dpv:ConsentRefused",
    };

    private static string Mailto(string address, string subject) => $"mailto:{address}?subject={Uri.EscapeDataString(subject)}";
}

/// <summary>6.3.4.1 privacy_notice: the policy version the person agreed to, its text's hash and language.</summary>
public sealed record Iso27560Notice(string Url, int Version, string Sha256, string Language);

/// <summary>A party (6.3.6): the operator as the PII controller, with the responsible person as its contact.</summary>
public sealed record Iso27560Party(
    string PartyName,
    string PartyId,
    string PartyIdType,
    string PartyRole,
    string PartyType,
    string PartyAddress,
    Iso27560Contact PartyContact,
    string PartyEmail,
    string PartyPhone,
    string PartyUrl);

/// <summary>Law 94-V art. 25 p. 2 sub-p. 10: the person responsible for organising the processing.</summary>
public sealed record Iso27560Contact(string Position, string Email, string Phone);

/// <summary>One purpose with its processing fields (6.3.4) and its consent events (6.3.7).</summary>
public sealed record Iso27560Purpose(
    string PurposeId,
    string Purpose,
    string PurposeType,
    string LawfulBasis,
    IReadOnlyList<Iso27560Pii> PiiInformation,
    IReadOnlyList<string> StorageLocations,
    string RetentionPeriod,
    IReadOnlyList<string> ProcessingLocations,
    string GeographicRestrictions,
    bool CrossBorderTransfer,
    IReadOnlyList<Iso27560Party> RecipientThirdParties,
    string ThirdPartyDisclosure,
    bool PublicationInPublicSources,
    Iso27560Withdrawal WithdrawalMethod,
    IReadOnlyList<Iso27560Right> PrivacyRights,
    Iso27560Duration ValidityDuration,
    string EventState,
    string Status,
    string StatusText,
    string? ConsentWording,
    string? ConsentWordingLanguage,
    IReadOnlyList<Iso27560Event> Events);

/// <summary>6.3.5: pii_type (a DPV personal-data concept), what it is in words, pii_optional.</summary>
public sealed record Iso27560Pii(string PiiType, string Description, bool PiiOptional);

/// <summary>6.3.4.18: the "My data" page, or an e-mail to the requests address with the policy's marked subject.</summary>
public sealed record Iso27560Withdrawal(string Description, string Url, string Email, string Subject, string Mailto);

public sealed record Iso27560Right(string Right, string ExercisedAt);

public sealed record Iso27560Duration(string Type, string Description);

/// <summary>6.3.7: one consent event, with how the ledger proves it.</summary>
public sealed record Iso27560Event(
    DateTimeOffset EventTime,
    string EventType,
    string EventState,
    string EntityId,
    Iso27560Duration ValidityDuration,
    string Channel,
    string? Evidence,
    string IndicationMethod,
    int PolicyVersion,
    string PolicySha256,
    string Language,
    string Wording,
    long LedgerSequence,
    string LedgerHash);
