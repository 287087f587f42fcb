using System.Text.Json;
using Microsoft.Extensions.Localization;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Policies;
using PersonalDataPolicy.Subjects;
using PersonalDataPolicy.Web.Features.Operator;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Consents;

/// <summary>
/// Everything a receipt shows, in whichever form (page, Kantara JSON, ISO/IEC TS 27560 JSON): the submission, the
/// name as the person typed it, each purpose with its ledger events since the receipt, and the fund's facts.
/// </summary>
public sealed record ReceiptViewModel(
    ConsentReceipt Receipt,
    IReadOnlyList<ReceiptPurpose> Purposes,
    PersonName? NameAsEntered,
    string? MaskedEmail,
    OperatorOptions Operator,
    string RequestsAddress,
    MarkedEmailSubjects MarkedSubjects,
    int DestroyAfterWorkingDays,
    bool PersonWithheld = false)
{
    /// <summary>Why no name or address is shown: withheld once the receipt is old, or no longer held at all.</summary>
    public string NoPersonKey => PersonWithheld ? "Receipt_PersonWithheld" : "Receipt_NameErased";

    /// <summary>The purposes a receipt always accounts for: the form offers both, so a box left unticked is "not given".</summary>
    public static readonly ConsentPurpose[] FormPurposes = [ConsentPurpose.PersonalDataProcessing, ConsentPurpose.MarketingNotifications];

    public string? DisplayName => NameAsEntered is { } name && name.LastName.Length > 0
        ? string.Join(' ', new[] { name.LastName, name.FirstName, name.Patronymic }.Where(part => !string.IsNullOrWhiteSpace(part)))
        : null;


    public string Term(IStringLocalizer t, ConsentPurpose purpose) => t[$"Receipt_Term{purpose}", DestroyAfterWorkingDays];
}

/// <summary>One purpose of a receipt: this receipt's own event, then what the ledger recorded for the person afterwards.</summary>
public sealed record ReceiptPurpose(ConsentPurpose Purpose, string ReceiptId, IReadOnlyList<ConsentEvent> Events)
{
    /// <summary>Where the purpose stands now: the latest event decides, so "requested" is never shown as given.</summary>
    public ConsentStatus Status => ConsentState.Status(Latest);

    /// <summary>The state as the JSON forms write it: notGiven, requested, granted, withdrawn.</summary>
    public string StatusName => JsonNamingPolicy.CamelCase.ConvertName(Status.ToString());

    /// <summary>The event of this receipt's own form, with the exact words shown beside the box (null when left unticked).</summary>
    public ConsentEvent? OnThisReceipt => Events.FirstOrDefault(e => e.ReceiptId == ReceiptId);

    public ConsentEvent? Latest => Events.Count == 0 ? null : Events[^1];
}

public enum EvidenceKind
{
    Form,
    Link,
    Mail,
    Session,
    Staff,
    Document,
    Unrecorded,
}

/// <summary>How a ledger event proves the person's own act, read from its evidence (see <see cref="ConsentEvent.Evidence"/>).</summary>
public sealed record ConsentProof(EvidenceKind Kind, string? Detail, bool GlobalPrivacyControl = false, string? AppVersion = null)
{
    /// <summary>Appended to a form's evidence when the browser sent Sec-GPC: 1 with it.</summary>
    public const string GpcSuffix = ";gpc";

    private const string AppPrefix = ";app=";

    /// <summary>Appended to the evidence of an act done in the mobile app: the app's version, as the app sent it.</summary>
    public static string AppSuffix(string appVersion) => AppPrefix + appVersion;

    public static ConsentProof Of(ConsentEvent consentEvent, string receiptId)
    {
        var evidence = consentEvent.Evidence;
        string? appVersion = null;
        var app = evidence?.IndexOf(AppPrefix, StringComparison.Ordinal) ?? -1;
        if (app >= 0)
        {
            appVersion = evidence![(app + AppPrefix.Length)..];
            evidence = evidence[..app];
        }

        var gpc = evidence?.EndsWith(GpcSuffix, StringComparison.Ordinal) == true;
        evidence = gpc ? evidence![..^GpcSuffix.Length] : evidence;
        var colon = evidence?.IndexOf(':') ?? -1;
        var detail = colon < 0 ? null : evidence![(colon + 1)..];
        return (colon < 0 ? null : evidence![..colon]) switch
        {
            "form" => new(EvidenceKind.Form, detail, gpc, appVersion),
            "link" => new(EvidenceKind.Link, detail),
            "mail" => new(EvidenceKind.Mail, detail),
            "session" => new(EvidenceKind.Session, detail, AppVersion: appVersion),
            "staff" => new(EvidenceKind.Staff, detail),
            "document" => new(EvidenceKind.Document, detail),
            // Events written before evidence existed: the receipt's own form events are the ticks on that form.
            _ when evidence is null && consentEvent.ReceiptId == receiptId && consentEvent.Channel == ConsentChannel.WebForm
                   && consentEvent.Action != ConsentAction.Withdrawn => new(EvidenceKind.Form, receiptId),
            _ => new(EvidenceKind.Unrecorded, null),
        };
    }

    /// <summary>Through which channel, with the app's version when the act was done in the mobile app.</summary>
    public string DescribeChannel(IStringLocalizer t, ConsentEvent consentEvent) => AppVersion is null
        ? t[$"ConsentChannel_{consentEvent.Channel}"]
        : t["ConsentChannel_MobileAppVersion", AppVersion];

    /// <summary>Proven by the person's own act, rather than recorded by staff or by an unproven channel.</summary>
    public bool ByThePerson => Kind is not (EvidenceKind.Staff or EvidenceKind.Unrecorded);

    /// <summary>In words, in the current language: "ticked on the website form", "confirmed with the button in the mail…".</summary>
    public string Describe(IStringLocalizer t, ConsentEvent consentEvent, string requestsAddress) => Kind switch
    {
        EvidenceKind.Mail => t["Receipt_EvidenceMail", requestsAddress],
        EvidenceKind.Document => t["Receipt_EvidenceDocument", Detail ?? "—"],
        EvidenceKind.Unrecorded => t["Receipt_EvidenceUnrecorded", t[$"ConsentChannel_{consentEvent.Channel}"]],
        _ when GlobalPrivacyControl => $"{t[$"Receipt_Evidence{Kind}"]} {t["Receipt_EvidenceGpc"]}",
        EvidenceKind.Form or EvidenceKind.Session when AppVersion is not null => t[$"Receipt_EvidenceApp{Kind}", AppVersion],
        _ => t[$"Receipt_Evidence{Kind}"],
    };
}
