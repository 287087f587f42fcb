namespace PersonalDataPolicy.Requests;

/// <summary>A staff member's note on a request (what was checked, whom they called). Encrypted at rest: notes can name people.</summary>
public sealed class RequestNote
{
    private RequestNote()
    {
        StaffUserId = Text = string.Empty;
    }

    public RequestNote(Guid requestId, string staffUserId, string text, DateTimeOffset at)
    {
        Id = Guid.NewGuid();
        RequestId = requestId;
        StaffUserId = staffUserId;
        Text = text;
        At = at;
    }

    public Guid Id { get; private set; }
    public Guid RequestId { get; private set; }
    public string StaffUserId { get; private set; }
    public string Text { get; private set; }
    public DateTimeOffset At { get; private set; }
}
