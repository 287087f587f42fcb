namespace PersonalDataPolicy.Mail;

/// <summary>Why a mail is sent; decides whether it may still go out when the subject's state changes.</summary>
public enum MailKind
{
    /// <summary>An answer to the person's own request (link, confirmation): sent even while blocked.</summary>
    RightsResponse,

    /// <summary>Information the fund sends on its own initiative (policy §4.1): not while blocked.</summary>
    Notification,

    /// <summary>Policy §4.2: new products, services, offers; only with marketing consent.</summary>
    Marketing,
}

public enum MailStatus
{
    Pending,
    Sent,

    /// <summary>Gave up after the configured number of attempts; staff must look at it.</summary>
    Failed,

    /// <summary>Not sent because the person may no longer receive this kind of mail.</summary>
    Suppressed,
}

/// <summary>
/// One e-mail in the transactional outbox: written in the same transaction as the change that causes it,
/// delivered later by the dispatcher. The address and bodies are personal data and are encrypted at rest.
/// </summary>
public sealed class OutboxMessage
{
    private OutboxMessage()
    {
        ToAddress = Language = Template = Subject = HtmlBody = TextBody = string.Empty;
    }

    public OutboxMessage(Guid? subjectId, MailKind kind, string toAddress, string language, string template,
        string subject, string htmlBody, string textBody, string? listUnsubscribe, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        SubjectId = subjectId;
        Kind = kind;
        ToAddress = toAddress;
        Language = language;
        Template = template;
        Subject = subject;
        HtmlBody = htmlBody;
        TextBody = textBody;
        ListUnsubscribe = listUnsubscribe;
        CreatedAt = now;
        NextAttemptAt = now;
        Status = MailStatus.Pending;
    }

    public Guid Id { get; private set; }
    public Guid? SubjectId { get; private set; }
    public MailKind Kind { get; private set; }
    public string ToAddress { get; private set; }
    public string Language { get; private set; }

    /// <summary>Which template made it (for staff and statistics; never personal data).</summary>
    public string Template { get; private set; }

    /// <summary>Never holds personal data: mail subjects are read by every server on the way.</summary>
    public string Subject { get; private set; }
    public string HtmlBody { get; private set; }
    public string TextBody { get; private set; }
    /// <summary>Marketing only: the List-Unsubscribe header (RFC 2369), a mailto and an HTTPS one-click link.</summary>
    public string? ListUnsubscribe { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public MailStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    public string? LeaseOwner { get; private set; }
    public DateTimeOffset? LeaseUntil { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>What went wrong last, without personal data (exception type and SMTP status only).</summary>
    public string? LastError { get; private set; }

    public string MessageId(string domain) => $"<{Id:N}@{domain}>";

    public void MarkSuppressed(string reason)
    {
        Status = MailStatus.Suppressed;
        LastError = reason;
        ReleaseLease();
    }

    /// <summary>Records a failed attempt: retry after <paramref name="retryAfter"/>, or give up after <paramref name="maxAttempts"/>.</summary>
    public void RecordFailure(string error, int maxAttempts, TimeSpan retryAfter, DateTimeOffset now)
    {
        Attempts++;
        LastError = error;
        if (Attempts >= maxAttempts)
        {
            Status = MailStatus.Failed;
        }
        else
        {
            NextAttemptAt = now + retryAfter;
        }

        ReleaseLease();
    }

    /// <summary>Removes everything personal from the row (policy §2.14); it stays only as a count.</summary>
    public void Erase()
    {
        ToAddress = HtmlBody = TextBody = string.Empty;
        ListUnsubscribe = null;
        if (Status == MailStatus.Pending)
        {
            Status = MailStatus.Suppressed;
            LastError = "personal data erased";
        }
    }

    private void ReleaseLease()
    {
        LeaseOwner = null;
        LeaseUntil = null;
    }
}
