using PersonalDataPolicy.Subjects;

namespace PersonalDataPolicy.Appeals;

/// <summary>Policy §4.1: the ways the fund may contact a person.</summary>
public enum ContactChannel
{
    Email,
    PhoneCall,
    Sms,
    WhatsApp,
    Telegram,
}

public enum AppealTopic
{
    Question,
    Complaint,
    Suggestion,
    PersonalData,
    Other,
}

/// <summary>
/// An appeal sent through the site's form. It keeps the contact details exactly as typed (encrypted):
/// the form is not verified, so it never changes the subject's record, but the answer must reach the
/// person by the details they gave this time.
/// </summary>
public sealed class Appeal
{
    private Appeal()
    {
        Language = Message = ContactEmail = ContactPhone = string.Empty;
        ContactName = new(string.Empty, string.Empty, null);
    }

    public Appeal(Guid subjectId, PersonName contactName, string contactEmail, string contactPhone, ContactChannel preferredChannel,
        AppealTopic topic, string message, string language, int policyVersion, DateTimeOffset receivedAt)
    {
        Id = Guid.NewGuid();
        SubjectId = subjectId;
        ContactName = contactName;
        ContactEmail = contactEmail;
        ContactPhone = contactPhone;
        PreferredChannel = preferredChannel;
        Topic = topic;
        Message = message;
        Language = language;
        PolicyVersion = policyVersion;
        ReceivedAt = receivedAt;
    }

    public Guid Id { get; private set; }
    public Guid SubjectId { get; private set; }
    public PersonName ContactName { get; private set; }
    public string ContactEmail { get; private set; }
    public string ContactPhone { get; private set; }
    public ContactChannel PreferredChannel { get; private set; }
    public AppealTopic Topic { get; private set; }
    public string Message { get; private set; }
    public string Language { get; private set; }
    public int PolicyVersion { get; private set; }
    public DateTimeOffset ReceivedAt { get; private set; }
    public DateTimeOffset? AnsweredAt { get; private set; }

    public bool IsAnswered => AnsweredAt is not null;

    public void MarkAnswered(DateTimeOffset at) => AnsweredAt ??= at;

    /// <summary>The owner of the address confirmed from their mailbox that this appeal is theirs.</summary>
    public void JoinTo(Guid ownerId) => SubjectId = ownerId;

    /// <summary>Policy §2.6: keeps topic, channel, language and date for statistics; removes who and what.</summary>
    public void Depersonalize()
    {
        ContactName = new PersonName(string.Empty, string.Empty, null);
        ContactEmail = ContactPhone = Message = string.Empty;
    }
}
