namespace PersonalDataPolicy.Requests;

/// <summary>What a data subject asks for (policy §4.2, §6.4, §6.5 and the subject's right of access).</summary>
public enum RequestType
{
    /// <summary>See the data held, download it.</summary>
    Access,

    /// <summary>§6.4: update last name, first name, patronymic, phone or e-mail.</summary>
    Update,

    /// <summary>§4.2: opt out of notifications about new products, services and special offers.</summary>
    OptOut,

    /// <summary>§6.5: withdraw consent to the processing of personal data.</summary>
    Withdraw,

    /// <summary>Law 94-V art. 24 p. 1 sub-p. 3: block the data while a breach of the conditions of processing is looked into.</summary>
    Block,

    /// <summary>Law 94-V art. 24 p. 1 sub-p. 4: destroy data collected or processed in breach of the law.</summary>
    Destroy,
}

public enum RequestStatus
{
    New,
    InProgress,
    Completed,
    Rejected,

    /// <summary>Closed because the person's data were destroyed or depersonalized: nothing is left to answer with or to.</summary>
    ClosedOnErasure,
}

/// <summary>How the request reached the fund.</summary>
public enum RequestChannel
{
    Web,
    Email,
    Staff,

    /// <summary>A call to the 1414 contact centre, registered by staff.</summary>
    Phone,

    /// <summary>A letter or a form on paper, registered by staff.</summary>
    Paper,

    /// <summary>In person at one of the fund's offices, registered by staff.</summary>
    InPerson,
    /// <summary>The Qoldau 24/7 mobile app, through the API (policy §1.2, §5.1).</summary>
    MobileApp,
}

/// <summary>
/// One request of a data subject, with the legal deadline it must be answered by. It names the
/// subject by opaque id only; what was asked for in detail lives in the ledger and in the subject's record.
/// </summary>
public sealed class DataSubjectRequest
{
    private DataSubjectRequest()
    {
    }

    public DataSubjectRequest(Guid subjectId, RequestType type, RequestChannel channel, DateTimeOffset receivedAt, DateTimeOffset dueAt)
    {
        Id = Guid.NewGuid();
        SubjectId = subjectId;
        Type = type;
        Channel = channel;
        ReceivedAt = receivedAt;
        DueAt = dueAt;
        Status = RequestStatus.New;
    }

    public Guid Id { get; private set; }
    public Guid SubjectId { get; private set; }
    public RequestType Type { get; private set; }
    public RequestStatus Status { get; private set; }
    public RequestChannel Channel { get; private set; }
    public DateTimeOffset ReceivedAt { get; private set; }
    public DateTimeOffset DueAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }
    public bool IsOverdue { get; private set; }

    /// <summary>The staff member working on it (an Identity user id).</summary>
    public string? AssignedTo { get; private set; }

    /// <summary>Why it was rejected; required for a rejection.</summary>
    public string? RejectionReason { get; private set; }

    /// <summary>The staff member who registered a request received by phone, on paper or in person.</summary>
    public string? RegisteredBy { get; private set; }

    /// <summary>How the person's identity was checked for a request staff registered; nothing of the document itself is kept.</summary>
    public IdentityCheck? IdentityCheck { get; private set; }

    public bool IsOpen => Status is RequestStatus.New or RequestStatus.InProgress;

    /// <summary>A request received by phone, on paper or in person, with the identity check made when it was taken.</summary>
    public static DataSubjectRequest ReceivedByStaff(Guid subjectId, RequestType type, RequestChannel channel, DateTimeOffset receivedAt, DateTimeOffset dueAt,
        IdentityCheck identityCheck, string registeredBy)
    {
        if (!IdentityCheck.StaffChannels.Contains(channel))
        {
            throw new ArgumentException($"{channel} requests are not registered by staff.", nameof(channel));
        }

        if (!identityCheck.SuitsChannel(channel) || identityCheck.CheckedAt < receivedAt)
        {
            throw new ArgumentException("The identity check does not fit this request.", nameof(identityCheck));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(registeredBy);
        return new DataSubjectRequest(subjectId, type, channel, receivedAt, dueAt) { RegisteredBy = registeredBy, IdentityCheck = identityCheck };
    }

    public void Start()
    {
        if (Status == RequestStatus.New)
        {
            Status = RequestStatus.InProgress;
        }
    }

    public void Complete(DateTimeOffset now)
    {
        if (!IsOpen)
        {
            throw new InvalidOperationException($"Request {Id} is already {Status}.");
        }

        Status = RequestStatus.Completed;
        CompletedAt = now;
    }

    public void AssignTo(string staffUserId)
    {
        AssignedTo = staffUserId;
        Start();
    }

    public void Reject(string reason, DateTimeOffset now)
    {
        if (!IsOpen)
        {
            throw new InvalidOperationException($"Request {Id} is already {Status}.");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("A rejection needs a reason.", nameof(reason));
        }

        Status = RequestStatus.Rejected;
        RejectionReason = reason.Trim();
        CompletedAt = now;
    }

    /// <summary>The person's data were erased: an open request is closed with that outcome.</summary>
    public bool CloseOnErasure(DateTimeOffset now)
    {
        if (!IsOpen)
        {
            return false;
        }

        Status = RequestStatus.ClosedOnErasure;
        CompletedAt = now;
        return true;
    }

    /// <summary>A rejection's reason is staff's free text and may name the person: it goes with the person's data.</summary>
    public bool EraseRejectionReason()
    {
        var had = RejectionReason is not null;
        RejectionReason = null;
        return had;
    }

    /// <summary>Marks an open request whose deadline has passed; returns whether this call marked it.</summary>
    public bool MarkOverdueIfLate(DateTimeOffset now)
    {
        if (IsOverdue || !IsOpen || now <= DueAt)
        {
            return false;
        }

        IsOverdue = true;
        return true;
    }
}
