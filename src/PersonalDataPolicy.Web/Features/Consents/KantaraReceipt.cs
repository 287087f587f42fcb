using System.Text.Json.Serialization;
using Microsoft.Extensions.Localization;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Web.Features.Operator;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Consents;

/// <summary>
/// The receipt as a Kantara Initiative Consent Receipt v1.1 (it validates against the v1.1 JSON schema), in the language the
/// consent was given in. Our own additions — policy hash, each purpose's state and ledger events, the exact wording — sit
/// beside the specification's fields, which the schema allows. Field mapping: docs/data-protection.md, "Receipts".
/// </summary>
public sealed record KantaraReceipt(
    string Version,
    string Jurisdiction,
    long ConsentTimestamp,
    string CollectionMethod,
    [property: JsonPropertyName("consentReceiptID")] string ConsentReceiptId,
    string Language,
    string PiiPrincipalId,
    IReadOnlyList<KantaraController> PiiControllers,
    string PolicyUrl,
    int PolicyVersion,
    string PolicySha256,
    IReadOnlyList<KantaraService> Services,
    bool Sensitive,
    IReadOnlyList<string> SpiCat,
    string ReceiptUrl,
    string ConsentRecordUrl)
{
    // Kantara v1.1 appendix categories: names are biographical, e-mail and phone are contact data.
    private static readonly string[] PiiCategories = ["1 - Biographical", "2 - Contact"];

    /// <summary>In <paramref name="language"/>, the page's: its texts are for the reader; the policy link and the consent
    /// wording stay those of the consent as given.</summary>
    public static KantaraReceipt From(ReceiptViewModel model, string language, PublicLinks links, IStringLocalizer t)
    {
        var receipt = model.Receipt;
        using var scope = new CultureScope(language);
        var fund = model.Operator;
        var controller = new KantaraController(
            fund.Name.In(language),
            fund.Bin!,
            Contact: fund.ResponsiblePerson.Position.In(language),
            new KantaraAddress(fund.Address.In(language), "KZ"),
            fund.Email!,
            fund.Phone!,
            fund.Site!,
            new KantaraResponsiblePerson(fund.ResponsiblePerson.Position.In(language), fund.ResponsiblePerson.Email!, fund.ResponsiblePerson.Phone!));
        var purposes = model.Purposes.Select(purpose => new KantaraPurpose(
                purpose.Purpose.ToString(),
                t[$"Receipt_Why{purpose.Purpose}"],
                ConsentType: "EXPLICIT",
                PurposeCategory: [purpose.Purpose == ConsentPurpose.MarketingNotifications ? "6 - Marketing" : "4 - Contact Requested"],
                PiiCategories,
                PrimaryPurpose: purpose.Purpose == ConsentPurpose.PersonalDataProcessing,
                Termination: model.Term(t, purpose.Purpose),
                ThirdPartyDisclosure: false,
                State: purpose.StatusName,
                ConsentWording: purpose.OnThisReceipt?.Wording,
                LedgerSequence: purpose.Latest?.Sequence,
                LedgerHash: purpose.Latest?.Hash,
                purpose.Events.Select(e => KantaraEvent.From(e, model, t)).ToList()))
            .ToList();

        return new KantaraReceipt(
            "KI-CR-v1.1.0",
            "KZ",
            receipt.IssuedAt.ToUnixTimeSeconds(),
            t[$"ConsentChannel_{receipt.Channel}"],
            receipt.Id,
            language,
            model.MaskedEmail ?? t[model.NoPersonKey],
            [controller],
            links.Action("Version", "Policy", new { culture = receipt.Language, number = receipt.PolicyVersion }),
            receipt.PolicyVersion,
            receipt.PolicyTextSha256,
            [new KantaraService(t["Receipt_ServiceAppeals"], purposes)],
            Sensitive: false,
            SpiCat: [],
            links.Action("Show", "Receipts", new { culture = language, id = receipt.Id }),
            links.Action("Iso27560", "Receipts", new { culture = language, id = receipt.Id }));
    }
}

public sealed record KantaraController(
    string PiiController,
    string Bin,
    string Contact,
    KantaraAddress Address,
    string Email,
    string Phone,
    string PiiControllerUrl,
    KantaraResponsiblePerson ResponsiblePerson);

/// <summary>A postal address in schema.org terms, as the specification's example writes it.</summary>
public sealed record KantaraAddress(string StreetAddress, string AddressCountry);

/// <summary>Law 94-V art. 25 p. 2 sub-p. 10: the person responsible for organising the processing, with a contact.</summary>
public sealed record KantaraResponsiblePerson(string Position, string Email, string Phone);

public sealed record KantaraService(string Service, IReadOnlyList<KantaraPurpose> Purposes);

public sealed record KantaraPurpose(
    string PurposeId,
    string Purpose,
    string ConsentType,
    IReadOnlyList<string> PurposeCategory,
    IReadOnlyList<string> PiiCategory,
    bool PrimaryPurpose,
    string Termination,
    bool ThirdPartyDisclosure,
    string State,
    string? ConsentWording,
    long? LedgerSequence,
    string? LedgerHash,
    IReadOnlyList<KantaraEvent> Events);

/// <summary>One ledger event: what happened, when, through which channel, with which words, and how the person's own act is proven.</summary>
public sealed record KantaraEvent(
    string Action,
    DateTimeOffset OccurredAt,
    string Channel,
    string? Evidence,
    string EvidenceKind,
    string EvidenceText,
    bool ByThePerson,
    int PolicyVersion,
    string PolicySha256,
    string Wording,
    long LedgerSequence,
    string LedgerHash)
{
    public static KantaraEvent From(ConsentEvent e, ReceiptViewModel model, IStringLocalizer t)
    {
        var proof = ConsentProof.Of(e, model.Receipt.Id);
        return new KantaraEvent(
            e.Action.ToString().ToLowerInvariant(),
            e.OccurredAt,
            e.Channel.ToString(),
            e.Evidence,
            proof.Kind.ToString().ToLowerInvariant(),
            proof.Describe(t, e, model.RequestsAddress),
            proof.ByThePerson,
            e.PolicyVersion,
            e.PolicyTextSha256,
            e.Wording,
            e.Sequence,
            e.Hash);
    }
}
