using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Erasure;

namespace PersonalDataPolicy.Approvals;

/// <summary>What waits for a second staff member's approval.</summary>
public enum ApprovalKind
{
    /// <summary>A role that opens the ledger, the registers or staff management (Administrator, ComplianceOfficer); target: the staff user id.</summary>
    GrantRole,

    /// <summary>The irrevocable destruction of a person's data; target: the subject id.</summary>
    DestroySubject,
}

public enum ApprovalOutcome
{
    Pending,
    Approved,
    Rejected,
}

/// <summary>
/// Four eyes: a privileged change one staff member asked for, which happens only when a different staff member approves it.
/// Neither the requester nor the person who would receive a role may decide; once decided, it stays as decided.
/// </summary>
public sealed class PendingApproval
{
    private PendingApproval()
    {
        Target = RequestedBy = string.Empty;
    }

    private PendingApproval(ApprovalKind kind, string target, string? role, string requestedBy, string? reason, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        ArgumentException.ThrowIfNullOrWhiteSpace(requestedBy);
        Id = Guid.NewGuid();
        Kind = kind;
        Target = target;
        Role = role;
        RequestedBy = requestedBy;
        Reason = reason;
        RequestedAt = at;
        Outcome = ApprovalOutcome.Pending;
    }

    public Guid Id { get; private set; }
    public ApprovalKind Kind { get; private set; }

    /// <summary>The staff user id (for a role) or the subject id (for a destruction); never a name or an address.</summary>
    public string Target { get; private set; }

    /// <summary>The role asked for, for <see cref="ApprovalKind.GrantRole"/>.</summary>
    public string? Role { get; private set; }

    public string RequestedBy { get; private set; }

    /// <summary>Why, as the requester typed it (required for a destruction); free text, encrypted, erased with the person's data.</summary>
    public string? Reason { get; private set; }

    /// <summary>For a destruction: the legal ground chosen from the list, kept on the certificate.</summary>
    public ErasureGround? Ground { get; private set; }

    /// <summary>For a destruction: the purpose the requester opened the record for; the destruction is audited with it.</summary>
    public AccessPurpose? Purpose { get; private set; }

    public DateTimeOffset RequestedAt { get; private set; }
    public string? DecidedBy { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public ApprovalOutcome Outcome { get; private set; }

    public Guid? SubjectId => Kind == ApprovalKind.DestroySubject ? Guid.Parse(Target) : null;

    public static PendingApproval GrantRole(string staffUserId, string role, string requestedBy, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        if (staffUserId == requestedBy)
        {
            throw new InvalidOperationException("Nobody grants roles to themselves.");
        }

        return new PendingApproval(ApprovalKind.GrantRole, staffUserId, role, requestedBy, null, at);
    }

    public static PendingApproval DestroySubject(Guid subjectId, string requestedBy, string reason, ErasureGround ground, AccessPurpose purpose, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new PendingApproval(ApprovalKind.DestroySubject, subjectId.ToString("D"), null, requestedBy, reason, at) { Ground = ground, Purpose = purpose };
    }

    /// <summary>Erasure of the person's data takes the typed reason with it; who asked, who decided, when and on which ground stay.</summary>
    public bool EraseReason()
    {
        var had = Reason is not null;
        Reason = null;
        return had;
    }

    /// <summary>Someone other than the requester, and for a role someone other than its receiver, while it is still pending.</summary>
    public bool MayBeDecidedBy(string staffUserId) =>
        Outcome == ApprovalOutcome.Pending && staffUserId != RequestedBy && !(Kind == ApprovalKind.GrantRole && staffUserId == Target);

    public void Approve(string staffUserId, DateTimeOffset at) => Decide(staffUserId, at, ApprovalOutcome.Approved);

    public void Reject(string staffUserId, DateTimeOffset at) => Decide(staffUserId, at, ApprovalOutcome.Rejected);

    private void Decide(string staffUserId, DateTimeOffset at, ApprovalOutcome outcome)
    {
        if (!MayBeDecidedBy(staffUserId))
        {
            throw new InvalidOperationException("This approval is decided already, or this staff member may not decide it.");
        }

        DecidedBy = staffUserId;
        DecidedAt = at;
        Outcome = outcome;
    }
}
