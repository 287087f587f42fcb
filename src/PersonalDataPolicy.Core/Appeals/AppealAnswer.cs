namespace PersonalDataPolicy.Appeals;

/// <summary>
/// The fund's answer to an appeal: sent by e-mail when that is the person's preferred channel, otherwise the
/// staff member records the call or message they made. The text is encrypted at rest.
/// </summary>
public sealed class AppealAnswer
{
    private AppealAnswer()
    {
        StaffUserId = Text = string.Empty;
    }

    public AppealAnswer(Guid appealId, string staffUserId, ContactChannel channel, string text, bool sentByEmail, DateTimeOffset at)
    {
        Id = Guid.NewGuid();
        AppealId = appealId;
        StaffUserId = staffUserId;
        Channel = channel;
        Text = text;
        SentByEmail = sentByEmail;
        At = at;
    }

    public Guid Id { get; private set; }
    public Guid AppealId { get; private set; }
    public string StaffUserId { get; private set; }
    public ContactChannel Channel { get; private set; }
    public string Text { get; private set; }
    public bool SentByEmail { get; private set; }
    public DateTimeOffset At { get; private set; }
}
