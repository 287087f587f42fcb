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

    public InboundMail(string messageIdHash, InboundOutcome outcome, DateTimeOffset handledAt, string? senderIndex = null)
    {
        SenderIndex = senderIndex;
        Id = Guid.NewGuid();
        MessageIdHash = messageIdHash;
        Outcome = outcome;
        HandledAt = handledAt;
    }

    public Guid Id { get; private set; }
    public string MessageIdHash { get; private set; }
    public InboundOutcome Outcome { get; private set; }
    public DateTimeOffset HandledAt { get; private set; }

    /// <summary>The blind index of the From address: enough to throttle a sender and answer a stranger once a day, never the address.</summary>
    public string? SenderIndex { get; private set; }

    /// <summary>Erasure of the sender's data: the message is still remembered as handled, no longer as theirs.</summary>
    public void ForgetSender() => SenderIndex = null;
}
