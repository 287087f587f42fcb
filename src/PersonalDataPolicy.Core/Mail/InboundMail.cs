namespace PersonalDataPolicy.Mail;

public enum InboundOutcome
{
    OptedOut,
    ConfirmationLinkSent,
    UnknownSenderAnswered,
    LeftForStaff,
}

/// <summary>
/// A message read from the requests mailbox, remembered by a hash of its Message-Id so that a message
/// handled just before a crash (and not yet moved) is not handled twice.
/// </summary>
public sealed class InboundMail
{
    private InboundMail()
    {
        MessageIdHash = string.Empty;
    }

    public InboundMail(string messageIdHash, InboundOutcome outcome, DateTimeOffset handledAt)
    {
        Id = Guid.NewGuid();
        MessageIdHash = messageIdHash;
        Outcome = outcome;
        HandledAt = handledAt;
    }

    public Guid Id { get; private set; }
    public string MessageIdHash { get; private set; }
    public InboundOutcome Outcome { get; private set; }
    public DateTimeOffset HandledAt { get; private set; }
}
