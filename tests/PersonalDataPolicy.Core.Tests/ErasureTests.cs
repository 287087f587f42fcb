using PersonalDataPolicy.Approvals;
using PersonalDataPolicy.Audit;
using PersonalDataPolicy.Erasure;
using PersonalDataPolicy.Requests;
using PersonalDataPolicy.Subjects;

namespace PersonalDataPolicy.Core.Tests;

/// <summary>What an erasure does to the records that stay: requests close with a stated outcome, staff's free text goes, the act keeps no personal data.</summary>
public sealed class ErasureTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_open_request_is_closed_on_erasure_and_a_finished_one_keeps_its_outcome_without_the_typed_reason()
    {
        var open = new DataSubjectRequest(Guid.NewGuid(), RequestType.Access, RequestChannel.Web, Now, Now.AddDays(10));
        var rejected = new DataSubjectRequest(Guid.NewGuid(), RequestType.Update, RequestChannel.Web, Now, Now.AddDays(10));
        rejected.Reject("Спросили Иванову по телефону", Now);

        Assert.True(open.CloseOnErasure(Now.AddHours(1)));
        Assert.False(rejected.CloseOnErasure(Now.AddHours(1)));
        Assert.True(rejected.EraseRejectionReason());

        Assert.Equal((RequestStatus.ClosedOnErasure, Now.AddHours(1), false), (open.Status, open.CompletedAt, open.IsOpen));
        Assert.Equal((RequestStatus.Rejected, (string?)null), (rejected.Status, rejected.RejectionReason));
        Assert.False(rejected.EraseRejectionReason());
    }

    [Fact]
    public void Block_history_and_approvals_keep_who_when_and_why_in_categories_but_lose_the_free_text()
    {
        var entry = new BlockHistoryEntry(Guid.NewGuid(), BlockChange.Blocked, BlockReason.StaffDecision, "staff-1", AccessPurpose.AnsweringAppeal, "  Иванова asked by phone  ", Now);
        var approval = PendingApproval.DestroySubject(Guid.NewGuid(), "staff-1", "Court decision about Иванова", ErasureGround.CourtDecision, AccessPurpose.LegalObligation, Now);

        Assert.Equal("Иванова asked by phone", entry.Note);
        Assert.True(entry.EraseNote());
        Assert.True(approval.EraseReason());

        Assert.Equal((BlockChange.Blocked, BlockReason.StaffDecision, "staff-1", AccessPurpose.AnsweringAppeal, (string?)null),
            (entry.Change, entry.Reason, entry.StaffUserId, entry.Purpose, entry.Note));
        Assert.Equal((ErasureGround.CourtDecision, AccessPurpose.LegalObligation, "staff-1", (string?)null), (approval.Ground, approval.Purpose, approval.RequestedBy, approval.Reason));
    }

    [Fact]
    public void A_certificate_records_ground_actor_approval_and_receipts_and_is_numbered_by_day()
    {
        var subject = Guid.NewGuid();
        var approval = Guid.NewGuid();
        var certificate = new ErasureCertificate(subject, ErasureKind.Destroyed,
            new ErasureDecision(ErasureGround.SubjectDemand, "approver", approval, "asker", Now.AddDays(-1)),
            ErasedCategories.Name | ErasedCategories.Mails, 7, 2, ["rcpt-b", "rcpt-a"], Now);
        var scheduled = new ErasureCertificate(subject, ErasureKind.Destroyed, ErasureDecision.Scheduled(ErasureGround.ConsentWithdrawn), ErasedCategories.Name, 1, 0, [], Now);

        Assert.Equal((subject, "approver", approval, "asker", "rcpt-a rcpt-b"), (certificate.SubjectId, certificate.PerformedBy, certificate.ApprovalId, certificate.RequestedBy, certificate.ReceiptIds));
        Assert.Matches("^20261203-[0-9A-F]{8}$", certificate.Number);
        Assert.False(certificate.ByTheSchedule);
        Assert.True(scheduled.ByTheSchedule);
        Assert.Equal((ErasureGround.ConsentWithdrawn, (Guid?)null), (scheduled.Ground, scheduled.ApprovalId));
    }
}
