namespace PersonalDataPolicy.Requests;

/// <summary>
/// How staff made sure that the person asking is the person the request is about. Only the kind of check is
/// kept, never a document number or any part of it (Law 94-V art. 7 p. 9–10: no excess data, no copies of identity documents).
/// </summary>
public enum IdentityCheckMethod
{
    /// <summary>The identity document was shown at an office and compared with the record.</summary>
    DocumentShownInPerson,

    /// <summary>The last digits of the identity document's number were seen and matched (the digits are not written down).</summary>
    DocumentNumberLastDigitsSeen,

    /// <summary>Staff called back the phone number on the person's record and spoke to them.</summary>
    CallbackToNumberOnRecord,

    /// <summary>The person confirmed from the e-mail address on their record.</summary>
    ConfirmedFromEmailOnRecord,
}

/// <summary>An identity check: what was checked, by which staff member, when.</summary>
public sealed record IdentityCheck(IdentityCheckMethod Method, string CheckedBy, DateTimeOffset CheckedAt)
{
    /// <summary>The channels through which staff register requests on the person's behalf.</summary>
    public static readonly IReadOnlySet<RequestChannel> StaffChannels = new HashSet<RequestChannel> { RequestChannel.Phone, RequestChannel.Paper, RequestChannel.InPerson };

    /// <summary>A document can be shown only to someone who is there; every other check works for any staff channel.</summary>
    public bool SuitsChannel(RequestChannel channel) =>
        StaffChannels.Contains(channel) && (Method != IdentityCheckMethod.DocumentShownInPerson || channel == RequestChannel.InPerson);
}
