using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Subjects;

namespace PersonalDataPolicy.Mail;

/// <summary>
/// Decided at send time, not at queue time, so that a mail queued before an opt-out, withdrawal or block
/// can never go out after it.
/// </summary>
public static class MailSuppression
{
    /// <summary>Why this mail must not be sent now, or null if it may.</summary>
    public static string? Reason(MailKind kind, DataSubject? subject, ConsentState consents)
    {
        if (subject is not null && !subject.HoldsPersonalData)
        {
            return "personal data erased";
        }

        return kind switch
        {
            MailKind.RightsResponse => null,
            MailKind.Notification when subject is { IsActive: false } => "subject blocked",
            MailKind.Notification when subject is not null && !consents.IsGranted(ConsentPurpose.PersonalDataProcessing) => "no consent to processing",
            MailKind.Marketing when subject is null => "marketing needs a known subject",
            MailKind.Marketing when !subject.IsActive => "subject blocked",
            MailKind.Marketing when !consents.IsGranted(ConsentPurpose.PersonalDataProcessing) => "no consent to processing",
            MailKind.Marketing when !consents.IsGranted(ConsentPurpose.MarketingNotifications) => "opted out of marketing",
            _ => null,
        };
    }
}
