using PersonalDataPolicy.Approvals;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Erasure;

namespace PersonalDataPolicy.Core.Tests;

/// <summary>Four eyes in the domain: someone other than the requester (and than the person a role is for) decides, once.</summary>
public sealed class PendingApprovalTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Nobody_asks_for_a_role_for_themselves()
    {
        Assert.Throws<InvalidOperationException>(() => PendingApproval.GrantRole("admin-a", "Administrator", "admin-a", Now));
    }

    [Fact]
    public void Neither_the_requester_nor_the_receiver_of_a_role_may_decide_it()
    {
        var grant = PendingApproval.GrantRole("officer", "Administrator", "admin-a", Now);

        Assert.False(grant.MayBeDecidedBy("admin-a"));
        Assert.False(grant.MayBeDecidedBy("officer"));
        Assert.True(grant.MayBeDecidedBy("admin-b"));
        Assert.Throws<InvalidOperationException>(() => grant.Approve("admin-a", Now));
        Assert.Equal(ApprovalOutcome.Pending, grant.Outcome);
    }

    [Fact]
    public void A_destruction_needs_a_reason_and_once_decided_stays_decided()
    {
        var subject = Guid.NewGuid();
        Assert.Throws<ArgumentException>(() => PendingApproval.DestroySubject(subject, "officer", " ", ErasureGround.CourtDecision, AccessPurpose.LegalObligation, Now));
        var destruction = PendingApproval.DestroySubject(subject, "officer", "Court decision", ErasureGround.CourtDecision, AccessPurpose.LegalObligation, Now);

        destruction.Reject("admin", Now.AddMinutes(5));

        Assert.Equal((ApprovalOutcome.Rejected, "admin", subject), (destruction.Outcome, destruction.DecidedBy, destruction.SubjectId!.Value));
        Assert.False(destruction.MayBeDecidedBy("another-admin"));
        Assert.Throws<InvalidOperationException>(() => destruction.Approve("another-admin", Now.AddMinutes(6)));
    }
}
