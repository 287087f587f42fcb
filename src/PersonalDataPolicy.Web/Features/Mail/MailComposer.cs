using System.Text;
using System.Text.Encodings.Web;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Retention;
using PersonalDataPolicy.Web.Features.Operator;
using PersonalDataPolicy.Web.Infrastructure;

namespace PersonalDataPolicy.Web.Features.Mail;

/// <summary>A mail ready for the outbox: a subject without personal data, and the same text as HTML and plain text.</summary>
public sealed record MailContent(string Template, string Language, string Subject, string Html, string Text);

/// <summary>
/// Builds every mail the site sends, in the person's language, from resx texts: a greeting, paragraphs,
/// an optional button link and the fund's signature. One layout, so every mail looks and reads the same.
/// </summary>
public sealed class MailComposer(IStringLocalizer<SharedResource> t, IOptions<MailOptions> options, PublicLinks links)
{
    public MailContent AccessLink(string language, string link) => In(language, () => Render("access-link", t["Mail_AccessLink_Subject"],
        [t["Mail_AccessLink_Text"], LinkLifetime, t["Mail_NotYou"]], (t["Mail_AccessLink_Button"], link)));

    public MailContent EmailChangeLink(string language, string link) => In(language, () => Render("email-change-link", t["Mail_EmailChange_Subject"],
        [t["Mail_EmailChange_Text"], LinkLifetime, t["Mail_NotYou"]], (t["Mail_EmailChange_Button"], link)));

    /// <summary>A request that came by e-mail and must be confirmed from the same mailbox (a sender address can be forged).</summary>
    public MailContent ConfirmEmailedRequest(string language, RequestType type, string link) => In(language, () => Render("confirm-request", t["Mail_ConfirmRequest_Subject"],
        [t["Mail_ConfirmRequest_Text", t[$"RequestType_{type}"]], LinkLifetime, t["Mail_NotYou"]], (t["Mail_ConfirmRequest_Button"], link)));

    public MailContent RequestCompleted(string language, RequestType type) => In(language, () => Render($"request-completed-{type.ToString().ToLowerInvariant()}",
        t["Mail_RequestCompleted_Subject"], [t[$"Mail_RequestCompleted_{type}"], t["Mail_RequestCompleted_Contact"]], null));

    /// <summary>The acknowledgement of an appeal from a new address; with the double opt-in link when marketing was asked for.</summary>
    /// <summary>Law 94-V art. 8 p. 7: the withdrawal is done; what is kept (blocked), why and until when, and the day of destruction.</summary>
    public MailContent WithdrawalCompleted(string language, RetentionPlan plan) => In(language, () => Render("request-completed-withdraw",
        t["Mail_RequestCompleted_Subject"],
        [
            t["Mail_Withdrawn_Text"],
            .. plan.Holds.Count == 0 ? Array.Empty<string>() : [t["Retention_Kept"], .. plan.Holds.Select(RetentionLine)],
            t["Retention_DestroyAt", SiteDates.Format(plan.DestroyAt)],
            t["Mail_Withdrawn_Last"],
            t["Mail_RequestCompleted_Contact"],
        ],
        null));

    /// <summary>One line of what is kept after a withdrawal, in the current language.</summary>
    public string RetentionLine(RetentionHold hold) => t["Retention_Hold", t[$"DataCategory_{hold.Category}"], hold.LegalReference, SiteDates.Format(hold.Until)];

    public MailContent AppealReceived(string language, string receiptLink, (string Url, DateTimeOffset ExpiresAt)? marketingOptIn) => In(language, () => marketingOptIn is not { } optIn
        ? Render("appeal-received", t["Mail_AppealReceived_Subject"], [t["Mail_AppealReceived_Text"], t["Mail_AppealReceived_Receipt"]], (t["Receipt_Title"], receiptLink))
        : RenderWithButtons("appeal-received-opt-in", t["Mail_AppealReceived_Subject"],
            [t["Mail_AppealReceived_Text"], t["Mail_AppealReceived_Receipt"], t["Mail_MarketingOptIn_Text"], ValidUntil(optIn.ExpiresAt), t["Mail_MarketingOptIn_NotYou"]],
            [(t["Mail_MarketingOptIn_Button"], optIn.Url), (t["Receipt_Title"], receiptLink)]));

    /// <summary>
    /// To the owner of an address someone typed into the appeal form: nothing of theirs changes unless they confirm.
    /// No personal data of the sender is quoted: the owner learns only that an appeal was sent.
    /// </summary>
    public MailContent ConfirmAppeal(string language, string link, DateTimeOffset expiresAt, bool marketingRequested) => In(language, () => Render("confirm-appeal", t["Mail_ConfirmAppeal_Subject"],
        [t["Mail_ConfirmAppeal_Text"], .. marketingRequested ? [t["Mail_ConfirmAppeal_Marketing"]] : Array.Empty<string>(), ValidUntil(expiresAt), t["Mail_ConfirmAppeal_NotYou"]],
        (t["Mail_ConfirmAppeal_Button"], link)));

    /// <summary>The fund's answer to an appeal, written by staff, in the language of the appeal.</summary>
    public MailContent AppealAnswer(string language, string answer) => In(language, () => Render("appeal-answer", t["Mail_AppealAnswer_Subject"],
        [.. answer.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), t["Mail_RequestCompleted_Contact"]], null));

    /// <summary>Policy §8.2: a new version replaces the old one; people who consented are told where to read it.</summary>
    public MailContent PolicyChanged(string language, int version, DateOnly effectiveFrom, string link) => In(language, () => Render("policy-changed", t["Mail_PolicyChanged_Subject"],
        [t["Mail_PolicyChanged_Text", version, SiteDates.Format(effectiveFrom)], t["Mail_PolicyChanged_Consent"]], (t["Mail_PolicyChanged_Button"], link)));

    /// <summary>A reasoned refusal: the law wants the person told why.</summary>
    public MailContent RequestRejected(string language, RequestType type, string reason) => In(language, () => Render($"request-rejected-{type.ToString().ToLowerInvariant()}",
        t["Mail_RequestRejected_Subject"], [t["Mail_RequestRejected_Text", t[$"RequestType_{type}"]], reason, t["Mail_RequestCompleted_Contact"]], null));

    /// <summary>An invitation to the admin area; the link sets the first password (a password-reset token).</summary>
    public MailContent StaffInvitation(string language, string link) => In(language, () => Render("staff-invitation", t["Mail_StaffInvitation_Subject"],
        [t["Mail_StaffInvitation_Text"], t["Mail_StaffInvitation_Expiry"]], (t["Mail_StaffInvitation_Button"], link)));

    /// <summary>Issue 10 §4: a compliance officer learns at once that the consent ledger failed its verification, and where.</summary>
    public MailContent LedgerBroken(string language, long sequence, LedgerFault fault, DateTimeOffset checkedAt) => In(language, () => Render("ledger-broken", t["Mail_LedgerBroken_Subject"],
        [t["Mail_LedgerBroken_Text", sequence, SiteDates.Format(checkedAt)], t[$"LedgerFault_{fault}"], t["Mail_LedgerBroken_Evidence"]], (t["Mail_LedgerBroken_Button"], links.Action("Ledger", "ConsentHistory", new { }))));

    /// <summary>To the staff member working on a request: its legal deadline is near. Names no person, only the request's type and link.</summary>
    public MailContent RequestDueSoon(string language, RequestType type, DateTimeOffset dueAt, int workingDaysLeft, string link) => In(language, () => Render("request-due-soon",
        t["Mail_RequestDueSoon_Subject"], [t["Mail_RequestDueSoon_Text", t[$"RequestType_{type}"], SiteDates.Format(dueAt), workingDaysLeft]], (t["Mail_RequestDeadline_Button"], link)));

    /// <summary>To the compliance officers: a request is past its legal deadline.</summary>
    public MailContent RequestOverdue(string language, RequestType type, DateTimeOffset dueAt, string link) => In(language, () => Render("request-overdue",
        t["Mail_RequestOverdue_Subject"], [t["Mail_RequestOverdue_Text", t[$"RequestType_{type}"], SiteDates.Format(dueAt)]], (t["Mail_RequestDeadline_Button"], link)));

    public MailContent UnknownSender(string language) => In(language, () => Render("unknown-sender", t["Mail_UnknownSender_Subject"],
        [t["Mail_UnknownSender_Text"], t["Mail_RequestCompleted_Contact"]], null));

    /// <summary>Policy §4.2: a notification about new products, services or offers; the footer says how to opt out.</summary>
    public MailContent Marketing(string language, string subject, IEnumerable<string> paragraphs, string unsubscribeUrl, string optOutSubject) =>
        In(language, () => Render("marketing", subject, [.. paragraphs, t["Mail_Marketing_Footer", options.Value.RequestsAddress, optOutSubject]],
            (t["Mail_Marketing_Unsubscribe"], unsubscribeUrl)));

    private string LinkLifetime => t["Mail_LinkLifetime", (int)options.Value.LinkLifetime.TotalMinutes];

    private string ValidUntil(DateTimeOffset expiresAt) => t["Mail_ConfirmationValidUntil", SiteDates.Format(expiresAt)];

    /// <summary>Every text of a mail is looked up inside this scope: in the person's language, not the request's.</summary>
    private static MailContent In(string language, Func<MailContent> compose)
    {
        using var scope = new CultureScope(language);
        return compose();
    }

    private MailContent Render(string template, string subject, IEnumerable<string> paragraphs, (string Label, string Url)? button) =>
        RenderWithButtons(template, subject, paragraphs, button is { } one ? [one] : []);

    private MailContent RenderWithButtons(string template, string subject, IEnumerable<string> paragraphs, IReadOnlyList<(string Label, string Url)> buttons)
    {
        var html = new StringBuilder();
        var text = new StringBuilder();
        var encode = HtmlEncoder.Default;
        html.Append("<!DOCTYPE html><html lang=\"").Append(System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName)
            .Append("\"><head><meta charset=\"utf-8\"><title>").Append(encode.Encode(subject)).Append("</title></head>")
            .Append("<body style=\"font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#1b1f23;max-width:36rem;margin:0 auto;padding:1rem\">");
        html.Append("<p>").Append(encode.Encode(t["Mail_Greeting"])).Append("</p>");
        text.Append(t["Mail_Greeting"]).Append("\n\n");
        foreach (var paragraph in paragraphs)
        {
            html.Append("<p>").Append(encode.Encode(paragraph)).Append("</p>");
            text.Append(paragraph).Append("\n\n");
        }

        foreach (var link in buttons)
        {
            html.Append("<p><a href=\"").Append(encode.Encode(link.Url)).Append("\" style=\"display:inline-block;background:#0b6e4f;color:#fff;padding:.75rem 1.25rem;border-radius:.35rem;text-decoration:none;font-weight:bold\">")
                .Append(encode.Encode(link.Label)).Append("</a></p>");
            text.Append(link.Label).Append(":\n").Append(link.Url).Append("\n\n");
        }

        html.Append("<p style=\"color:#4a5560\">").Append(encode.Encode(t["Mail_Signature"])).Append("<br>")
            .Append(encode.Encode(t["Mail_ContactCentre"])).Append("</p></body></html>");
        text.Append("-- \n").Append(t["Mail_Signature"]).Append('\n').Append(t["Mail_ContactCentre"]).Append('\n');
        return new MailContent(template, System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, subject, html.ToString(), text.ToString());
    }
}
