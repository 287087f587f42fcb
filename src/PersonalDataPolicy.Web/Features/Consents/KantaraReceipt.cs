using PersonalDataPolicy.Consents;

namespace PersonalDataPolicy.Web.Features.Consents;

/// <summary>
/// The receipt in the spirit of the Kantara Initiative Consent Receipt Specification v1.1: who the
/// controller is, which policy, which purposes and in what state, which categories of personal data.
/// </summary>
public sealed record KantaraReceipt(
    string Version,
    string Jurisdiction,
    long ConsentTimestamp,
    string CollectionMethod,
    string ConsentReceiptId,
    string Language,
    string PiiPrincipalId,
    IReadOnlyList<KantaraController> PiiControllers,
    string PolicyUrl,
    int PolicyVersion,
    string PolicySha256,
    IReadOnlyList<KantaraService> Services,
    bool Sensitive)
{
    public static readonly string[] PiiCategories = ["Last name, first name, patronymic", "E-mail address", "Phone number"];

    public static KantaraReceipt From(ReceiptViewModel model, string policyUrl)
    {
        var receipt = model.Receipt;
        var purposes = new[] { ConsentPurpose.PersonalDataProcessing, ConsentPurpose.MarketingNotifications }
            .Select(purpose => new KantaraPurpose(
                purpose.ToString(),
                purpose == ConsentPurpose.PersonalDataProcessing ? "Policy §4.1, §5.1: answering the appeal and informing the person" : "Policy §4.2: notifications about new products, services and special offers",
                model.For(purpose)?.Action == ConsentAction.Granted ? "granted" : "not granted",
                "EXPLICIT",
                PiiCategories,
                PrimaryPurpose: purpose == ConsentPurpose.PersonalDataProcessing,
                Termination: purpose == ConsentPurpose.PersonalDataProcessing ? "Until withdrawn (policy §6.5)" : "Until opted out (policy §4.2)",
                ThirdPartyDisclosure: false,
                ConsentWording: model.For(purpose)?.Wording,
                LedgerSequence: model.For(purpose)?.Sequence,
                LedgerHash: model.For(purpose)?.Hash))
            .ToList();
        return new KantaraReceipt(
            "KI-CR-v1.1.0",
            "KZ",
            receipt.IssuedAt.ToUnixTimeSeconds(),
            receipt.Channel.ToString(),
            receipt.Id,
            receipt.Language,
            model.MaskedEmail ?? "(personal data destroyed)",
            [new KantaraController("NJSC \"Social Health Insurance Fund\"", "1414", "https://msqory.kz/")],
            policyUrl,
            receipt.PolicyVersion,
            receipt.PolicyTextSha256,
            [new KantaraService("Appeals", purposes)],
            Sensitive: false);
    }
}

public sealed record KantaraController(string PiiController, string Phone, string PiiControllerUrl);

public sealed record KantaraService(string Service, IReadOnlyList<KantaraPurpose> Purposes);

public sealed record KantaraPurpose(
    string Purpose,
    string Description,
    string State,
    string ConsentType,
    IReadOnlyList<string> PiiCategory,
    bool PrimaryPurpose,
    string Termination,
    bool ThirdPartyDisclosure,
    string? ConsentWording,
    long? LedgerSequence,
    string? LedgerHash);
